import type { AnalyticsQueries } from '../../../application/analytics/analytics-queries';
import type { PriceIntelligence } from '../../../application/analytics/price-intelligence';
import type { PriceStats } from '../../../domain/analytics/price-stats';
import { answer, route, type RouteSpec } from '../route';
import {
  ActiveUsersOut, ActiveUsersQuery, AnomaliesOut, AnomaliesQuery, ForecastOut, ForecastQuery, FunnelOut, FunnelQuery,
  OverviewOut, PriceStatsOut, RangeQuery, RetentionOut, RetentionQuery, TopProductsOut, TopProductsQuery,
} from '../schemas/analytics-query-schemas';
import { IdParams, iso } from '../schemas/common';

export interface AnalyticsQueryUseCases {
  readonly analyticsQueries: AnalyticsQueries;
  readonly priceIntelligence: PriceIntelligence;
}

const range = (query: { from?: string | undefined; to?: string | undefined }) => ({
  from: query.from === undefined ? undefined : new Date(query.from),
  to: query.to === undefined ? undefined : new Date(query.to),
});

const withStart = <T extends { start: Date }>(item: T) => ({ ...item, start: iso(item.start) });

const priceStatsOut = (stats: PriceStats) => ({
  ...stats,
  min90: { price: stats.min90.price, at: iso(stats.min90.at) },
  max90: { price: stats.max90.price, at: iso(stats.max90.at) },
});

const RANGE_NOTE = 'Staff and above. `from` inclusive, `to` exclusive (default: the last 30 days); buckets in UTC, weeks from Monday.';

export function analyticsQueryRoutes(uc: AnalyticsQueryUseCases): RouteSpec[] {
  const tag = 'Analytics';
  const q = uc.analyticsQueries;
  return [
    route({
      method: 'get', path: '/analytics/overview', operationId: 'getAnalyticsOverview', tag, auth: 'user',
      summary: 'Revenue, orders, average order value, active users, buyers and conversion rate', description: RANGE_NOTE,
      query: RangeQuery, errors: [403, 503],
      responses: { 200: { description: 'The overview of the range', schema: OverviewOut } },
      handle: async ({ actor, query }) => answer(await q.overview({ actor, ...range(query) }), 200),
    }),
    route({
      method: 'get', path: '/analytics/active-users', operationId: 'getActiveUsers', tag, auth: 'user',
      summary: 'Distinct identities per day, week or month', description: RANGE_NOTE,
      query: ActiveUsersQuery, errors: [403, 503],
      responses: { 200: { description: 'One point per bucket, zeros included', schema: ActiveUsersOut } },
      handle: async ({ actor, query }) =>
        answer(await q.activeUsers({ actor, interval: query.interval, ...range(query) }), 200, (series) => ({ ...series, points: series.points.map(withStart) })),
    }),
    route({
      method: 'get', path: '/analytics/top-products', operationId: 'getTopProducts', tag, auth: 'user',
      summary: 'Products by revenue, units sold or views', description: RANGE_NOTE,
      query: TopProductsQuery, errors: [403, 503],
      responses: { 200: { description: 'The top products', schema: TopProductsOut } },
      handle: async ({ actor, query }) => answer(await q.topProducts({ actor, by: query.by, limit: query.limit, ...range(query) }), 200),
    }),
    route({
      method: 'get', path: '/analytics/funnel', operationId: 'getFunnel', tag, auth: 'user',
      summary: 'Identities through an ordered funnel of track events', description: RANGE_NOTE,
      query: FunnelQuery, errors: [403, 503],
      responses: { 200: { description: 'Identities reaching each step', schema: FunnelOut } },
      handle: async ({ actor, query }) => answer(await q.funnel({ actor, steps: query.steps, windowDays: query.windowDays, ...range(query) }), 200),
    }),
    route({
      method: 'get', path: '/analytics/retention', operationId: 'getRetention', tag, auth: 'user',
      summary: 'Weekly cohorts by first event, and how many came back each week', description: RANGE_NOTE,
      query: RetentionQuery, errors: [403, 503],
      responses: { 200: { description: 'One cohort per week of the range', schema: RetentionOut } },
      handle: async ({ actor, query }) =>
        answer(await q.retention({ actor, ...range(query) }), 200, (retention) => ({ cohorts: retention.cohorts.map(withStart) })),
    }),
    route({
      method: 'get', path: '/analytics/products/:id/forecast', operationId: 'getPriceForecast', tag, auth: 'user',
      summary: 'The product\'s daily price forecast with an 80% prediction interval (staff+)',
      description: 'From the product\'s daily price (last price of each UTC day, carried forward). 422 `insufficient_history` with under 2 days.',
      params: IdParams, query: ForecastQuery, errors: [403, 404, 422],
      responses: { 200: { description: 'The forecast', schema: ForecastOut } },
      handle: async ({ actor, params, query }) => answer(await uc.priceIntelligence.forecast({ actor, productId: params.id, days: query.days }), 200),
    }),
    route({
      method: 'get', path: '/analytics/price-anomalies', operationId: 'listPriceAnomalies', tag, auth: 'user',
      summary: 'Price changes that are outliers against their product\'s own history', description: RANGE_NOTE,
      query: AnomaliesQuery, errors: [403],
      responses: { 200: { description: 'Anomalies, largest |score| first', schema: AnomaliesOut } },
      handle: async ({ actor, query }) =>
        answer(await uc.priceIntelligence.anomalies({ actor, limit: query.limit, ...range(query) }), 200, ({ items }) => ({
          items: items.map((item) => ({ ...item, at: iso(item.at) })),
        })),
    }),
    route({
      method: 'get', path: '/products/:id/price-stats', operationId: 'getPriceStats', tag: 'Catalog', auth: 'user',
      summary: 'The product\'s price statistics: averages, extremes, lowest in 90 days',
      params: IdParams, errors: [404],
      responses: { 200: { description: 'The statistics', schema: PriceStatsOut } },
      handle: async ({ actor, params }) => answer(await uc.priceIntelligence.stats({ actor, productId: params.id }), 200, priceStatsOut),
    }),
  ];
}
