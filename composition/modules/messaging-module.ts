// Messaging (SPEC §3.7) in one of three roles:
//   embedded  no AMQP_URL: the in-process bus, fed by the outbox relay, runs every consumer
//             inside `npm start`;
//   api       AMQP_URL set, `npm start`: writes the outbox only and reads the broker's figures;
//   worker    AMQP_URL set, `npm run worker`: relays the outbox to RabbitMQ and runs the consumers.
import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { PruneOutbox } from '../../application/events/prune-outbox';
import { RelayOutbox } from '../../application/events/relay-outbox';
import { InferInterestsFromPurchase } from '../../application/interests/infer-interests-from-purchase';
import type { Clock } from '../../application/ports/clock';
import type { EventPublisher } from '../../application/ports/event-publisher';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import type { BusAdministration, ConsumerSpec, EventConsumer, RetryPolicy } from '../../application/ports/message-bus';
import type { ReplicaBroadcast } from '../../application/ports/replica-broadcast';
import type { OutboxStore } from '../../application/ports/outbox';
import { GetSystemStatus } from '../../application/system/get-system-status';
import { RecentIngestion } from '../../application/analytics/recent-ingestion';
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { ReplayDeadLetters } from '../../application/system/replay-dead-letters';
import { INTEREST_INFERENCE_QUEUE, interestInferenceConsumer } from '../../adapters/consumers/interest-inference-consumer';
import { CACHE_INVALIDATION_QUEUE, cacheInvalidationConsumer } from '../../adapters/consumers/cache-invalidation-consumer';
import { GRAPH_PROJECTION_QUEUE, graphProjectionConsumer } from '../../adapters/consumers/graph-projection-consumer';
import { PASSWORD_RESET_MAIL_QUEUE, passwordResetMailConsumer } from '../../adapters/consumers/password-reset-mail-consumer';
import { NOTIFICATION_QUEUES, notificationConsumers } from '../../adapters/consumers/notification-consumers';
import { NotificationTriggers } from '../../application/notifications/notification-triggers';
import { LiveSockets } from '../live-sockets';
import { SendPasswordResetMail } from '../../application/identity/send-password-reset-mail';
import { ProjectInterests, ProjectProduct, ProjectPurchases } from '../../application/recommendations/graph-projection';
import type { CacheAside } from '../../application/cache/cache-aside';
import type { ReadinessCheck } from '../../adapters/http/server';
import { adminSystemRoutes } from '../../adapters/http/routes/admin-system-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { InProcessMessageBus } from '../../adapters/memory/in-process-message-bus';
import { RabbitMqBusAdministration } from '../../adapters/rabbitmq/rabbitmq-bus-administration';
import { RabbitMqConsumerHost } from '../../adapters/rabbitmq/rabbitmq-consumer-host';
import { RabbitMqEventPublisher } from '../../adapters/rabbitmq/rabbitmq-event-publisher';
import { PrometheusMessagingMetrics } from '../../adapters/system/messaging-metrics';
import { OutboxPump } from '../../adapters/system/outbox-pump';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

export type MessagingRole = 'embedded' | 'api' | 'worker';

export interface MessagingOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly role: MessagingRole;
  /** Consumers added to the real ones (tests observe deliveries this way). */
  readonly extraConsumers?: readonly EventConsumer[];
}

export const messagingRole = (config: Config, process: 'api' | 'worker'): MessagingRole =>
  process === 'worker' ? 'worker' : config.AMQP_URL ? 'api' : 'embedded';

/**
 * Whether this process keeps the graph in step with events. A worker without Neo4j does not:
 * an in-process graph in the worker would serve nobody (the API rebuilds its own at start).
 */
export const projectsGraph = (config: Config, role: MessagingRole): boolean => role === 'embedded' || Boolean(config.NEO4J_URL);

export function messagingModule(options: MessagingOptions): ContainerModule {
  const { config, logger, role } = options;
  const retry: RetryPolicy = { maxAttempts: config.CONSUMER_MAX_ATTEMPTS, delaysMs: config.CONSUMER_RETRY_DELAYS_MS };
  const log = logger.child({ component: 'messaging' });
  const extra = options.extraConsumers ?? [];
  // Queue names and bindings, apart from the consumers themselves: the publisher declares the
  // queues and the API reads their figures without building any use case.
  const queues: ConsumerSpec[] = [
    INTEREST_INFERENCE_QUEUE,
    CACHE_INVALIDATION_QUEUE,
    PASSWORD_RESET_MAIL_QUEUE,
    ...NOTIFICATION_QUEUES,
    ...(projectsGraph(config, role) ? [GRAPH_PROJECTION_QUEUE] : []),
    ...extra.map(({ name, eventTypes }) => ({ name, eventTypes })),
  ];
  return new ContainerModule(({ bind }) => {
    bind(InferInterestsFromPurchase).toResolvedValue(
      (uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new InferInterestsFromPurchase(uow, ids, clock),
      [TOKENS.UnitOfWork, TOKENS.Ids, TOKENS.Clock],
    );
    bind(TOKENS.Consumers).toResolvedValue(
      (
        infer: InferInterestsFromPurchase, cache: CacheAside, product: ProjectProduct, purchases: ProjectPurchases, interests: ProjectInterests,
        resetMail: SendPasswordResetMail, notify: NotificationTriggers,
      ): EventConsumer[] => [
        interestInferenceConsumer(infer),
        cacheInvalidationConsumer(cache),
        passwordResetMailConsumer(resetMail),
        ...notificationConsumers(notify),
        ...(projectsGraph(config, role) ? [graphProjectionConsumer({ product, purchases, interests })] : []),
        ...extra,
      ],
      [InferInterestsFromPurchase, TOKENS.CacheAside, ProjectProduct, ProjectPurchases, ProjectInterests, SendPasswordResetMail, NotificationTriggers],
    );
    bind(TOKENS.MessagingMetrics).toResolvedValue(
      (registry: Registry, outbox: OutboxStore, clock: Clock) =>
        new PrometheusMessagingMetrics(registry, { outboxLag: () => outbox.lag(), now: () => clock.now() }),
      [TOKENS.Metrics, TOKENS.OutboxStore, TOKENS.Clock],
    );

    if (role === 'embedded') {
      bind(InProcessMessageBus).toResolvedValue(
        (metrics: PrometheusMessagingMetrics) => new InProcessMessageBus({ retry, prefetch: config.CONSUMER_PREFETCH, observer: metrics, log }),
        [TOKENS.MessagingMetrics],
      );
      bind(TOKENS.EventPublisher).toService(InProcessMessageBus);
      bind(TOKENS.ConsumerHost).toService(InProcessMessageBus);
      bind(TOKENS.BusAdministration).toService(InProcessMessageBus);
    } else {
      const amqp = { url: requireAmqpUrl(config), exchange: config.AMQP_EXCHANGE, log };
      // It declares the consumers' queues too, so nothing it publishes before a consumer host
      // ever ran is dropped by an exchange with no queue bound.
      bind(TOKENS.EventPublisher).toConstantValue(
        new RabbitMqEventPublisher({ ...amqp, topology: { consumers: queues, retry, queueType: config.AMQP_QUEUE_TYPE } }),
      );
      bind(TOKENS.ConsumerHost).toResolvedValue(
        (metrics: PrometheusMessagingMetrics) =>
          new RabbitMqConsumerHost({ ...amqp, queueType: config.AMQP_QUEUE_TYPE, prefetch: config.CONSUMER_PREFETCH, retry, observer: metrics }),
        [TOKENS.MessagingMetrics],
      );
      // An operator's status page should say "broker down" quickly rather than wait out a long connect.
      bind(TOKENS.BusAdministration).toConstantValue(new RabbitMqBusAdministration({ ...amqp, retry, consumers: queues, connectTimeoutMs: 2000 }));
    }

    bind(TOKENS.OutboxPump).toResolvedValue(
      (store: OutboxStore, publisher: EventPublisher, clock: Clock, metrics: PrometheusMessagingMetrics) =>
        new OutboxPump(
          new RelayOutbox(store, publisher, clock, { batchSize: config.OUTBOX_BATCH_SIZE, onPublished: (count) => metrics.published(count) }),
          log,
          {
            intervalMs: config.OUTBOX_POLL_MS,
            prune: new PruneOutbox(store, clock, { retentionDays: config.OUTBOX_RETENTION_DAYS }),
          },
        ),
      [TOKENS.OutboxStore, TOKENS.EventPublisher, TOKENS.Clock, TOKENS.MessagingMetrics],
    );
    // The API of a broker deployment leaves relaying to the worker, and wakes it (NOTIFY on the
    // store) so it does not wait for its next poll; a lost wake-up only costs that wait.
    if (role === 'api') {
      bind(TOKENS.AfterCommit).toResolvedValue(
        (broadcast: ReplicaBroadcast) => () => void broadcast.announce({ kind: 'outbox-written' }).catch(() => undefined),
        [TOKENS.ReplicaBroadcast],
      );
    } else {
      bind(TOKENS.AfterCommit).toResolvedValue((pump: OutboxPump) => () => pump.kick(), [TOKENS.OutboxPump]);
    }

    bind(GetSystemStatus).toResolvedValue(
      (outbox: OutboxStore, bus: BusAdministration, clock: Clock, store: AnalyticsEventStore, recent: RecentIngestion, sockets: LiveSockets) =>
        new GetSystemStatus(outbox, bus, clock, { store, recent }, () => sockets.current?.stats() ?? { sockets: 0, users: 0 }),
      [TOKENS.OutboxStore, TOKENS.BusAdministration, TOKENS.Clock, TOKENS.AnalyticsStore, RecentIngestion, LiveSockets],
    );
    bind(ReplayDeadLetters).toResolvedValue((bus: BusAdministration) => new ReplayDeadLetters(bus), [TOKENS.BusAdministration]);
  });
}

function requireAmqpUrl(config: Config): string {
  if (!config.AMQP_URL) throw new Error('AMQP_URL is required for the worker; without it `npm start` runs the consumers in-process');
  return config.AMQP_URL;
}

/** The broker's readiness, for `/ready` in the roles that use it. */
export function busReadiness(container: Container, role: MessagingRole): ReadinessCheck[] {
  if (role === 'embedded') return [];
  const admin = container.get<BusAdministration>(TOKENS.BusAdministration);
  return [{ name: 'bus:rabbitmq', check: async () => void (await admin.stats()) }];
}

export function adminSystemHttp(container: Container): RouteSpec[] {
  return adminSystemRoutes({ getSystemStatus: container.get(GetSystemStatus), replayDeadLetters: container.get(ReplayDeadLetters) });
}
