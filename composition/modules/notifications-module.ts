// Notifications (SPEC §3.8): the triggers (consumers of the domain events, wired in the
// messaging module), the sender, the inbox, and live push. Embedded, one in-process channel
// carries push to this process's sockets; with a broker the sender publishes to the fanout
// exchange `conversion.realtime` and every API replica subscribes with a queue of its own.
import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { NotificationInbox } from '../../application/notifications/notification-inbox';
import { NotificationTriggers } from '../../application/notifications/notification-triggers';
import { SendNotifications } from '../../application/notifications/send-notifications';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { Mailer } from '../../application/ports/mailer';
import type { NotificationDeliveries } from '../../application/ports/notification-repository';
import type { RealtimePublisher } from '../../application/ports/realtime';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { notificationRoutes } from '../../adapters/http/routes/notification-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { InProcessRealtime } from '../../adapters/memory/in-process-realtime';
import { RabbitMqRealtimePublisher, RabbitMqRealtimeSubscriber } from '../../adapters/rabbitmq/rabbitmq-realtime';
import { PrometheusNotificationMetrics } from '../../adapters/system/notification-metrics';
import { LiveSockets } from '../live-sockets';
import type { Config } from '../config';
import { TOKENS } from '../tokens';
import type { MessagingRole } from './messaging-module';

/** A delivery still pending a minute after it was recorded lost its sender before taking it. */
const PENDING_GRACE_MS = 60_000;

export function notificationsModule(config: Config, role: MessagingRole, logger: Logger): ContainerModule {
  const log = logger.child({ component: 'notifications' });
  return new ContainerModule(({ bind }) => {
    const live = new LiveSockets();
    bind(LiveSockets).toConstantValue(live);
    if (role === 'embedded') {
      const realtime = new InProcessRealtime();
      bind(TOKENS.RealtimePublisher).toConstantValue(realtime);
      bind(TOKENS.RealtimeSubscriber).toConstantValue(realtime);
    } else {
      const amqp = { url: config.AMQP_URL!, log };
      bind(TOKENS.RealtimePublisher).toConstantValue(new RabbitMqRealtimePublisher(amqp));
      // Messages published while this replica had no queue pass it by: its sockets are sent what
      // the inbox holds from where each was when the connection went.
      bind(TOKENS.RealtimeSubscriber).toConstantValue(
        new RabbitMqRealtimeSubscriber({
          ...amqp,
          onDisconnected: () => live.current?.markGap(),
          onResubscribed: () => {
            log.info('realtime queue made again after a broker reconnect; sockets get what the inbox holds since the cut');
            live.current?.resync();
          },
        }),
      );
    }
    bind(PrometheusNotificationMetrics).toResolvedValue(
      (registry: Registry, sockets: LiveSockets) => new PrometheusNotificationMetrics(registry, { sockets: () => sockets.current?.stats() ?? null }),
      [TOKENS.Metrics, LiveSockets],
    );
    bind(SendNotifications).toResolvedValue(
      (deliveries: NotificationDeliveries, uow: UnitOfWork, mailer: Mailer, realtime: RealtimePublisher, clock: Clock, metrics: PrometheusNotificationMetrics) =>
        new SendNotifications(deliveries, uow, mailer, realtime, clock, { pendingGraceMs: PENDING_GRACE_MS, sendingLeaseMs: config.NOTIFICATION_SENDING_LEASE_MS }, metrics),
      [TOKENS.NotificationDeliveries, TOKENS.UnitOfWork, TOKENS.Mailer, TOKENS.RealtimePublisher, TOKENS.Clock, PrometheusNotificationMetrics],
    );
    bind(NotificationTriggers).toResolvedValue(
      (uow: UnitOfWork, ids: IdGenerator, clock: Clock, sender: SendNotifications) => new NotificationTriggers(uow, ids, clock, sender),
      [TOKENS.UnitOfWork, TOKENS.Ids, TOKENS.Clock, SendNotifications],
    );
    bind(NotificationInbox).toResolvedValue((uow: UnitOfWork, clock: Clock) => new NotificationInbox(uow, clock), [TOKENS.UnitOfWork, TOKENS.Clock]);
  });
}

export function notificationsHttp(container: Container): RouteSpec[] {
  return notificationRoutes({ notificationInbox: container.get(NotificationInbox) });
}
