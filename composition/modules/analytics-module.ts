import { ContainerModule, type Container } from 'inversify';
import type { Registry } from 'prom-client';
import { AnalyticsQueries } from '../../application/analytics/analytics-queries';
import { IngestEvents } from '../../application/analytics/ingest-events';
import { ingestionLagSeconds } from '../../application/analytics/ingestion-lag';
import { KeepAnalyticsStore } from '../../application/analytics/keep-analytics-store';
import { PriceIntelligence } from '../../application/analytics/price-intelligence';
import { RecentIngestion, everyObserver } from '../../application/analytics/recent-ingestion';
import type { CacheAside } from '../../application/cache/cache-aside';
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import type { EventAnalytics, OrderAnalytics } from '../../application/ports/analytics-queries';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { RateLimiter } from '../../application/ports/rate-limiter';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { analyticsQueryRoutes } from '../../adapters/http/routes/analytics-query-routes';
import { analyticsRoutes } from '../../adapters/http/routes/analytics-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { PrometheusIngestionMetrics } from '../../adapters/system/analytics-metrics';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

/** What moves the journal along (ClickHouse): nudged after each stored batch. */
export interface AnalyticsDrainer {
  start(): void;
  nudge(): void;
  stop(): Promise<void>;
}

/** The drainer of stores written where they are queried: there is nothing to move. */
export const NOTHING_TO_DRAIN: AnalyticsDrainer = { start: () => undefined, nudge: () => undefined, stop: async () => undefined };

export const analyticsModule = new ContainerModule(({ bind }) => {
  bind(RecentIngestion).toResolvedValue((clock: Clock) => new RecentIngestion(clock), [TOKENS.Clock]);
  bind(PrometheusIngestionMetrics).toResolvedValue(
    (registry: Registry, store: AnalyticsEventStore, clock: Clock) =>
      new PrometheusIngestionMetrics(registry, { lagSeconds: () => ingestionLagSeconds(store, clock.now()) }),
    [TOKENS.Metrics, TOKENS.AnalyticsStore, TOKENS.Clock],
  );
  bind(IngestEvents).toResolvedValue(
    (uow: UnitOfWork, limiter: RateLimiter, ids: IdGenerator, clock: Clock, recent: RecentIngestion, metrics: PrometheusIngestionMetrics, drainer: AnalyticsDrainer, config: Config) =>
      new IngestEvents(uow, limiter, ids, clock, everyObserver(recent, metrics, { ingested: () => drainer.nudge() }), {
        retentionDays: config.ANALYTICS_RETENTION_DAYS,
      }),
    [TOKENS.UnitOfWork, TOKENS.IngestRateLimiter, TOKENS.Ids, TOKENS.Clock, RecentIngestion, PrometheusIngestionMetrics, TOKENS.AnalyticsDrainer, TOKENS.Config],
  );
  bind(KeepAnalyticsStore).toResolvedValue(
    (store: AnalyticsEventStore, clock: Clock, config: Config) => new KeepAnalyticsStore(store, clock, { retentionDays: config.ANALYTICS_RETENTION_DAYS }),
    [TOKENS.AnalyticsStore, TOKENS.Clock, TOKENS.Config],
  );
  bind(AnalyticsQueries).toResolvedValue(
    (events: EventAnalytics, orders: OrderAnalytics, uow: UnitOfWork, cache: CacheAside, clock: Clock) => new AnalyticsQueries(events, orders, uow, cache, clock),
    [TOKENS.EventAnalytics, TOKENS.OrderAnalytics, TOKENS.UnitOfWork, TOKENS.CacheAside, TOKENS.Clock],
  );
  bind(PriceIntelligence).toResolvedValue(
    (uow: UnitOfWork, cache: CacheAside, clock: Clock) => new PriceIntelligence(uow, cache, clock),
    [TOKENS.UnitOfWork, TOKENS.CacheAside, TOKENS.Clock],
  );
});

export function analyticsHttp(container: Container): RouteSpec[] {
  return [
    ...analyticsRoutes({ ingestEvents: container.get(IngestEvents) }),
    ...analyticsQueryRoutes({ analyticsQueries: container.get(AnalyticsQueries), priceIntelligence: container.get(PriceIntelligence) }),
  ];
}
