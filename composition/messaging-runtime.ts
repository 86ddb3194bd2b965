// Starts and stops what a process runs of the messaging side, in its role: consumers and
// the outbox relay (embedded, worker), or nothing but broker connections (api).
import type { Container } from 'inversify';
import type { BusAdministration, ConsumerHost, EventConsumer } from '../application/ports/message-bus';
import type { ReplicaBroadcast } from '../application/ports/replica-broadcast';
import type { PrometheusMessagingMetrics } from '../adapters/system/messaging-metrics';
import type { OutboxPump } from '../adapters/system/outbox-pump';
import type { MessagingRole } from './modules/messaging-module';
import { TOKENS } from './tokens';

export interface MessagingRuntime {
  start(): Promise<void>;
  /** Lets the relay finish its batch and consumers finish what they hold, then closes connections. */
  stop(): Promise<void>;
}

interface Closeable {
  close(): Promise<void>;
}

const closeable = (value: unknown): value is Closeable => typeof (value as Closeable | null)?.close === 'function';

export function messagingRuntime(container: Container, role: MessagingRole): MessagingRuntime {
  const runsConsumers = role !== 'api';
  let started = false;
  let unlisten: (() => void) | undefined;
  const admin = container.get<BusAdministration>(TOKENS.BusAdministration);
  container.get<PrometheusMessagingMetrics>(TOKENS.MessagingMetrics).watchBus(() => admin.stats());
  return {
    async start() {
      if (!runsConsumers) return;
      started = true;
      await container.get<ConsumerHost>(TOKENS.ConsumerHost).start(container.get<EventConsumer[]>(TOKENS.Consumers));
      const pump = container.get<OutboxPump>(TOKENS.OutboxPump);
      pump.start();
      // The API processes announce their commits (see AfterCommit): relay them at once.
      if (role === 'worker') {
        unlisten = container.get<ReplicaBroadcast>(TOKENS.ReplicaBroadcast).listen({
          notice: (notice) => {
            if (notice.kind === 'outbox-written') pump.kick();
          },
          lost: () => pump.kick(),
        });
      }
    },
    async stop() {
      unlisten?.();
      if (started) {
        // The relay first: it publishes the batch it holds (the in-process bus still takes it)
        // and leaves the rest in the outbox. Then consumers stop taking messages and finish
        // the ones in hand; events they write wait in the outbox for the next start.
        await container.get<OutboxPump>(TOKENS.OutboxPump).stop();
        await container.get<ConsumerHost>(TOKENS.ConsumerHost).stop();
      }
      // Broker connections (publisher, administration) are opened lazily and closed here.
      for (const token of [TOKENS.EventPublisher, TOKENS.BusAdministration]) {
        if (role === 'embedded' || !container.isBound(token)) continue;
        const adapter = container.get(token);
        if (closeable(adapter)) await adapter.close();
      }
    },
  };
}
