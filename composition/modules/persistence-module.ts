import type { MikroORM } from '@mikro-orm/postgresql';
import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { AfterCommitUnitOfWork, type CommittedEvents } from '../../application/events/after-commit-unit-of-work';
import { SessionNoticesUnitOfWork } from '../../application/identity/session-notices-unit-of-work';
import type { Clock } from '../../application/ports/clock';
import type { ReplicaBroadcast } from '../../application/ports/replica-broadcast';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import type { ReadinessCheck } from '../../adapters/http/server';
import { InMemoryAnalyticsEvents } from '../../adapters/memory/in-memory-analytics-events';
import { InMemoryAnalyticsRollups } from '../../adapters/memory/in-memory-analytics-rollups';
import { InMemoryEventAnalytics } from '../../adapters/memory/in-memory-event-analytics';
import { InMemoryNotificationDeliveries } from '../../adapters/memory/in-memory-notification-deliveries';
import { InMemoryOrderAnalytics } from '../../adapters/memory/in-memory-order-analytics';
import { InMemoryOutbox } from '../../adapters/memory/in-memory-outbox';
import { InMemoryRebuildJobRepository } from '../../adapters/memory/in-memory-rebuild-job-repository';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { InProcessReplicaBroadcast } from '../../adapters/memory/in-process-replica-broadcast';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { DEFAULT_CLICKHOUSE_TIMEOUT_MS } from '../../adapters/clickhouse/clickhouse-client';
import { ClickHouseEventAnalytics } from '../../adapters/clickhouse/clickhouse-event-analytics';
import { clickHouseJournalEncoding } from '../../adapters/clickhouse/clickhouse-event-rows';
import { DeferredClickHouseStore } from '../../adapters/clickhouse/deferred-clickhouse-store';
import { JournalDrainer } from '../../adapters/clickhouse/journal-drainer';
import { MikroOrmAnalyticsEventStore } from '../../adapters/postgres/mikro-orm-analytics-event-store';
import { MikroOrmAnalyticsJournal, MikroOrmAnalyticsJournalLog } from '../../adapters/postgres/mikro-orm-analytics-journal';
import { MikroOrmOrderAnalytics } from '../../adapters/postgres/mikro-orm-order-analytics';
import { MikroOrmOutboxStore } from '../../adapters/postgres/mikro-orm-outbox';
import { MikroOrmNotificationDeliveries } from '../../adapters/postgres/mikro-orm-notification-deliveries';
import { SqlAnalyticsRollups } from '../../adapters/postgres/sql-analytics-rollups';
import { SqlEventAnalytics } from '../../adapters/postgres/sql-event-analytics';
import { MikroOrmRebuildJobRepository } from '../../adapters/postgres/mikro-orm-rebuild-job-repository';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { PostgresReplicaBroadcast } from '../../adapters/postgres/postgres-replica-broadcast';
import { PostgreSqlStoreDriver } from '../../adapters/postgres/store-drivers';
import type { Config } from '../config';
import { TOKENS } from '../tokens';
import { NOTHING_TO_DRAIN } from './analytics-module';

export type Persistence = { readonly kind: 'memory' } | { readonly kind: 'database'; readonly orm: MikroORM; readonly name: string };

export interface AnalyticsPlacement {
  readonly clickhouseUrl?: string | undefined;
  /** ClickHouse's request timeout; the journal's leases last six times it, so a lapsed lease never races an insert. */
  readonly clickhouseTimeoutMs?: number;
}

/** ClickHouseEventStore asks for at least three; six leaves room for a slow drain's remove. */
const LEASE_TIMEOUTS = 6;

/**
 * Binds the unit of work, the relay's outbox view, the graph rebuild jobs and the analytics event
 * store for the chosen store. With `clickhouseUrl`, SDK events are journalled in the relational
 * store and drained to ClickHouse.
 */
export function persistenceModule(persistence: Persistence, analytics: AnalyticsPlacement = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let inner: UnitOfWork;
    const checks: ReadinessCheck[] = [];
    if (persistence.kind === 'memory') {
      const store = new MemoryStore();
      inner = new InMemoryUnitOfWork(store);
      bind(TOKENS.OutboxStore).toResolvedValue((clock: Clock) => new InMemoryOutbox(store, clock), [TOKENS.Clock]);
      bind(TOKENS.RebuildJobs)
        .toResolvedValue((clock: Clock, config: Config) => new InMemoryRebuildJobRepository(clock, config.GRAPH_REBUILD_LEASE_SECONDS * 1000), [TOKENS.Clock, TOKENS.Config])
        .inSingletonScope();
      const events = new InMemoryAnalyticsEvents(store);
      bind(TOKENS.AnalyticsStore).toConstantValue(events);
      bind(TOKENS.AnalyticsDrainer).toConstantValue(NOTHING_TO_DRAIN);
      bind(TOKENS.EventAnalytics).toConstantValue(new InMemoryEventAnalytics(events));
      bind(TOKENS.AnalyticsRollups).toConstantValue(new InMemoryAnalyticsRollups());
      bind(TOKENS.OrderAnalytics).toConstantValue(new InMemoryOrderAnalytics(store));
      bind(TOKENS.NotificationDeliveries).toConstantValue(new InMemoryNotificationDeliveries(store));
      checks.push({ name: 'store:memory', check: async () => undefined });
    } else {
      const { orm } = persistence;
      const { clickhouseUrl } = analytics;
      inner = new MikroOrmUnitOfWork(orm, clickhouseUrl ? { analyticsEvents: (em) => new MikroOrmAnalyticsJournalLog(em, clickHouseJournalEncoding) } : {});
      bind(TOKENS.OutboxStore).toConstantValue(new MikroOrmOutboxStore(orm.em));
      bind(TOKENS.OrderAnalytics).toConstantValue(new MikroOrmOrderAnalytics(orm.em));
      bind(TOKENS.NotificationDeliveries).toConstantValue(new MikroOrmNotificationDeliveries(orm.em));
      if (clickhouseUrl) {
        const requestTimeoutMs = analytics.clickhouseTimeoutMs ?? DEFAULT_CLICKHOUSE_TIMEOUT_MS;
        const store = new DeferredClickHouseStore({ url: clickhouseUrl, requestTimeoutMs }, new MikroOrmAnalyticsJournal(orm.em), {
          leaseMs: LEASE_TIMEOUTS * requestTimeoutMs,
        });
        bind(TOKENS.AnalyticsStore).toConstantValue(store);
        bind(TOKENS.AnalyticsDrainer).toResolvedValue(
          (logger: Logger) => new JournalDrainer(store, logger.child({ component: 'analytics-journal' })),
          [TOKENS.Logger],
        );
        bind(TOKENS.EventAnalytics).toConstantValue(new ClickHouseEventAnalytics(() => store.client()));
        bind(TOKENS.AnalyticsRollups).toConstantValue(new InMemoryAnalyticsRollups());
        checks.push({ name: 'analytics:clickhouse', critical: false, check: () => store.ping() });
      } else {
        bind(TOKENS.AnalyticsStore).toConstantValue(new MikroOrmAnalyticsEventStore(orm.em, persistence.name === 'pglite' ? 'pglite' : 'postgresql'));
        bind(TOKENS.AnalyticsDrainer).toConstantValue(NOTHING_TO_DRAIN);
        bind(TOKENS.EventAnalytics).toConstantValue(new SqlEventAnalytics(orm.em));
        bind(TOKENS.AnalyticsRollups).toConstantValue(new SqlAnalyticsRollups(orm.em));
      }
      bind(TOKENS.RebuildJobs).toResolvedValue(
        (clock: Clock, config: Config) => new MikroOrmRebuildJobRepository(orm.em, clock, config.GRAPH_REBUILD_LEASE_SECONDS * 1000),
        [TOKENS.Clock, TOKENS.Config],
      );
      checks.push({
        name: `store:${persistence.name}`,
        check: async () => {
          await orm.em.fork().execute('select 1');
        },
      });
    }
    bind(TOKENS.Readiness).toConstantValue(checks);
    bind(TOKENS.ReplicaBroadcast).toResolvedValue((logger: Logger) => replicaBroadcast(persistence, logger), [TOKENS.Logger]).inSingletonScope();
    bind(TOKENS.UnitOfWork).toResolvedValue(
      (afterCommit: () => void, committed: CommittedEvents, broadcast: ReplicaBroadcast, logger: Logger) =>
        new AfterCommitUnitOfWork(
          new SessionNoticesUnitOfWork(inner, broadcast, (error) => logger.warn({ err: error }, 'session change not announced to the other replicas')),
          afterCommit,
          committed,
        ),
      [TOKENS.AfterCommit, TOKENS.CommittedEvents, TOKENS.ReplicaBroadcast, TOKENS.Logger],
    ).inSingletonScope();
  });
}

/**
 * LISTEN/NOTIFY on PostgreSQL, where other processes may share the store; in process for the
 * memory store and embedded PGlite, which one process holds alone (the DATA_DIR lock).
 */
function replicaBroadcast(persistence: Persistence, logger: Logger): ReplicaBroadcast {
  const url = persistence.kind === 'database' && persistence.orm.config.get('driver') === PostgreSqlStoreDriver ? persistence.orm.config.get('clientUrl') : undefined;
  if (!url) return new InProcessReplicaBroadcast();
  const log = logger.child({ component: 'replica-broadcast' });
  return new PostgresReplicaBroadcast({
    connectionString: url,
    onError: (error, during) => log.warn({ err: error, during }, 'replica notices interrupted; answering uncached until they flow again'),
  });
}
