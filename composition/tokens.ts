// DI tokens for ports (interfaces have no runtime identity). Use cases are bound under
// their own class, so they need no token.
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Metrics: Symbol.for('Metrics'),
  Clock: Symbol.for('Clock'),
  Ids: Symbol.for('IdGenerator'),
  UnitOfWork: Symbol.for('UnitOfWork'),
  OutboxStore: Symbol.for('OutboxStore'),
  EventPublisher: Symbol.for('EventPublisher'),
  ConsumerHost: Symbol.for('ConsumerHost'),
  BusAdministration: Symbol.for('BusAdministration'),
  Consumers: Symbol.for('Consumers'),
  MessagingMetrics: Symbol.for('MessagingMetrics'),
  OutboxPump: Symbol.for('OutboxPump'),
  /** Called after each commit: kicks the outbox relay where this process runs one. */
  AfterCommit: Symbol.for('AfterCommit'),
  PasswordHasher: Symbol.for('PasswordHasher'),
  AccessTokens: Symbol.for('AccessTokens'),
  Secrets: Symbol.for('Secrets'),
  Mailer: Symbol.for('Mailer'),
  LoginRateLimiter: Symbol.for('LoginRateLimiter'),
  RefreshRateLimiter: Symbol.for('RefreshRateLimiter'),
  PasswordResetEmailRateLimiter: Symbol.for('PasswordResetEmailRateLimiter'),
  PasswordResetAddressRateLimiter: Symbol.for('PasswordResetAddressRateLimiter'),
  /** The rate limits' Redis connection when REDIS_URL is set (a no-op otherwise): closed with the app. */
  RateLimitConnection: Symbol.for('RateLimitConnection'),
  Readiness: Symbol.for('Readiness'),
  Cache: Symbol.for('Cache'),
  CacheAside: Symbol.for('CacheAside'),
  /** Told of each commit's events: drops the cache entries they made stale. */
  CommittedEvents: Symbol.for('CommittedEvents'),
  /** Notices between the processes on one store: what one changes, each drops from memory. */
  ReplicaBroadcast: Symbol.for('ReplicaBroadcast'),
  RecommendationGraph: Symbol.for('RecommendationGraph'),
  RebuildJobs: Symbol.for('RebuildJobRepository'),
  /** Where SDK events are queried from (AnalyticsEventStore), and its upkeep. */
  AnalyticsStore: Symbol.for('AnalyticsEventStore'),
  /** The per-key allowance of SDK events (INGEST_MAX_EVENTS_PER_SECOND). */
  IngestRateLimiter: Symbol.for('IngestRateLimiter'),
  /** Moves the ClickHouse journal along; absent where events are written where they are queried. */
  AnalyticsDrainer: Symbol.for('AnalyticsDrainer'),
  /** The event side of the analytics queries, where events are queried from. */
  EventAnalytics: Symbol.for('EventAnalytics'),
  AnalyticsRollups: Symbol.for('AnalyticsRollups'),
  /** The order side of the analytics queries, from the relational store. */
  OrderAnalytics: Symbol.for('OrderAnalytics'),
  /** The email and push deliveries of notifications (outside business transactions). */
  NotificationDeliveries: Symbol.for('NotificationDeliveries'),
  /** Live push to every API replica's sockets (RabbitMQ fanout, or in-process). */
  RealtimePublisher: Symbol.for('RealtimePublisher'),
  RealtimeSubscriber: Symbol.for('RealtimeSubscriber'),
} as const;
