// Notifications' background work in a process, by role: where consumers run (embedded, worker),
// a sweep sends what a dead sender left pending and fails what it left mid-send; where sockets
// are served (embedded, api), every realtime message published anywhere goes to this process's
// sockets of its user.
import type { Server } from 'node:http';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { NotificationInbox } from '../application/notifications/notification-inbox';
import { SendNotifications } from '../application/notifications/send-notifications';
import type { Authenticate } from '../application/identity/authenticate';
import type { AccessTokens } from '../application/ports/access-tokens';
import type { RealtimeMessage as DomainRealtimeMessage, RealtimeSubscriber } from '../application/ports/realtime';
import { notificationOut } from '../adapters/http/schemas/notification-schemas';
import { attachRealtimeSockets, type RealtimeMessage } from '../adapters/ws/realtime-sockets';
import type { MessagingRole } from './modules/messaging-module';
import { LiveSockets } from './live-sockets';
import { TOKENS } from './tokens';

export interface NotificationsRuntime {
  start(): Promise<void>;
  /** Serves `/ws` on the API's server (the API and embedded roles). */
  serveSockets(server: Server, authenticate: Authenticate): Promise<void>;
  stop(): Promise<void>;
}

interface Closeable {
  close(): Promise<void>;
}

const closeable = (value: unknown): value is Closeable => typeof (value as Closeable | null)?.close === 'function';

/** The wire form of a realtime message: the notification as the HTTP API presents it. */
const wireOf = (message: DomainRealtimeMessage): RealtimeMessage =>
  message.type === 'notification' ? { type: 'notification', notification: notificationOut(message.notification) } : message;

export function notificationsRuntime(container: Container, role: MessagingRole, logger: Logger, sweepIntervalMs: number): NotificationsRuntime {
  const log = logger.child({ component: 'notifications' });
  const live = container.get(LiveSockets);
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | null = null;
  let unsubscribe: (() => Promise<void>) | null = null;

  const sweep = (): void => {
    sweeping ??= container
      .get(SendNotifications)
      .sweep()
      .catch((error: unknown) => log.warn({ err: error }, 'notification sweep failed; retried at the next tick'))
      .finally(() => {
        sweeping = null;
      });
  };

  return {
    async start() {
      if (role === 'api') return;
      sweepTimer = setInterval(sweep, sweepIntervalMs);
      sweepTimer.unref();
    },
    async serveSockets(server, authenticate) {
      const tokens = container.get<AccessTokens>(TOKENS.AccessTokens);
      const inbox = container.get(NotificationInbox);
      live.current = attachRealtimeSockets(server, {
        logger: log,
        // The token's signature and expiry, then its session, as every HTTP request is checked.
        authenticate: async (token) => {
          const verified = tokens.verify(token);
          if (!verified.ok) return { ok: false };
          const actor = await authenticate.execute(token);
          return actor.ok ? { ok: true, companyId: actor.value.companyId, userId: actor.value.userId, expiresAt: verified.expiresAt } : { ok: false };
        },
        missed: async (user, since) => (await inbox.missed(user, since)).map((notification) => wireOf({ type: 'notification', notification })),
      });
      // Not awaited: a broker down at start must not hold the API back; the subscriber keeps trying.
      container
        .get<RealtimeSubscriber>(TOKENS.RealtimeSubscriber)
        .subscribe((envelope) => live.current?.deliver({ companyId: envelope.companyId, userId: envelope.userId }, wireOf(envelope.message)))
        .then(
          (stop) => {
            unsubscribe = stop;
          },
          (error: unknown) => log.error({ err: error }, 'could not subscribe to realtime messages; sockets get notifications when they reconnect'),
        );
    },
    async stop() {
      clearInterval(sweepTimer);
      await sweeping;
      await unsubscribe?.();
      await live.current?.close();
      live.current = null;
      if (role !== 'embedded') {
        for (const token of [TOKENS.RealtimePublisher, TOKENS.RealtimeSubscriber]) {
          const adapter = container.get(token);
          if (closeable(adapter)) await adapter.close();
        }
      }
    },
  };
}
