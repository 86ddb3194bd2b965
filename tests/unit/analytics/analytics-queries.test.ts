// The use case around the analytics stores: who may ask, the default range, filling empty
// buckets and cohort weeks, ranking past ids that are not products, the cache and an
// unreachable event store. The stores' own numbers are the contract's (analytics-queries.contract.ts).
import { describe, expect, it } from 'vitest';
import { AnalyticsQueries } from '../../../application/analytics/analytics-queries';
import { CacheAside } from '../../../application/cache/cache-aside';
import { cacheTags } from '../../../application/cache/cache-keys';
import type { TimeRange } from '../../../application/ports/analytics-event-store';
import {
  EventStoreUnavailable, type EventAnalytics, type OrderAnalytics, type ProductViews,
} from '../../../application/ports/analytics-queries';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import type { Actor } from '../../../domain/identity/actor';
import { ok } from '../../../domain/shared/result';
import { aProduct } from '../../support/products';

const COMPANY = 'company-1';
const staff: Actor = { userId: 'staff-1', companyId: COMPANY, role: 'staff' };
const customer: Actor = { ...staff, role: 'customer' };
const NOW = new Date('2026-12-09T10:15:30.000Z'); // a Wednesday

/** Event and order stores that answer what a test gives them and count their calls. */
function stores(views: ProductViews[] = []) {
  const calls = { activeUsers: 0, ranges: [] as TimeRange[] };
  const events: EventAnalytics = {
    activeUsers: async (_company, range) => {
      calls.activeUsers += 1;
      calls.ranges.push(range);
      return 8;
    },
    activeUsersByBucket: async () => [{ start: new Date('2026-12-02T00:00:00Z'), count: 3 }],
    productViews: async (_company, _range, only) =>
      'limit' in only ? views.slice(0, only.limit) : views.filter((v) => only.productIds.includes(v.productId)),
    funnel: async (_company, steps) => steps.map((_, i) => 10 - i),
    cohortActivity: async () => [
      { cohortStart: new Date('2026-11-30T00:00:00Z'), activeStart: new Date('2026-11-30T00:00:00Z'), identities: 5 },
      { cohortStart: new Date('2026-11-30T00:00:00Z'), activeStart: new Date('2026-12-07T00:00:00Z'), identities: 2 },
    ],
  };
  const orders: OrderAnalytics = {
    totals: async () => ({
      orders: 3,
      revenue: [{ amountCents: 1000, currency: 'EUR' }, { amountCents: 1001, currency: 'USD' }],
      ordersByCurrency: [2, 2],
      buyers: 3,
    }),
    productSales: async () => [],
  };
  return { events, orders, calls };
}

async function subject(events: EventAnalytics, orders: OrderAnalytics, productIds: readonly string[] = []) {
  const memory = new MemoryStore();
  const uow = new InMemoryUnitOfWork(memory);
  for (const id of productIds) await uow.run(async (tx) => ok(await tx.products.save(aProduct(COMPANY, { id, name: `Product ${id}` }))));
  const clock = new FixedClock(NOW);
  const cache = new CacheAside(new InMemoryLruCache({ clock }));
  return { queries: new AnalyticsQueries(events, orders, uow, cache, clock), cache };
}

describe('AnalyticsQueries', () => {
  it('answers staff and refuses customers', async () => {
    const { events, orders } = stores();
    const { queries } = await subject(events, orders);
    expect((await queries.overview({ actor: customer })).ok).toBe(false);
    expect(await queries.overview({ actor: customer })).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('defaults to the 30 days up to now rounded up to the minute, and rounds the overview', async () => {
    const { events, orders, calls } = stores();
    const { queries } = await subject(events, orders);
    const overview = await queries.overview({ actor: staff });
    expect(calls.ranges[0]).toEqual({ from: new Date('2026-11-09T10:16:00.000Z'), to: new Date('2026-12-09T10:16:00.000Z') });
    // 1000 / 2 = 500; 1001 / 2 = 500.5, half-up 501; 3 buyers of 8 active users = 0.375.
    expect(overview).toEqual(ok({
      revenue: [{ amountCents: 1000, currency: 'EUR' }, { amountCents: 1001, currency: 'USD' }],
      orders: 3,
      averageOrderValue: [{ amountCents: 500, currency: 'EUR' }, { amountCents: 501, currency: 'USD' }],
      activeUsers: 8,
      buyers: 3,
      conversionRate: 0.375,
    }));
  });

  it('serves a repeated query from the cache until the company\'s analytics tag is dropped', async () => {
    const { events, orders, calls } = stores();
    const { queries, cache } = await subject(events, orders);
    const range = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') };
    const first = await queries.overview({ actor: staff, ...range });
    expect(await queries.overview({ actor: staff, ...range })).toEqual(first);
    expect(calls.activeUsers).toBe(1);
    await cache.invalidate([cacheTags.analytics(COMPANY)]);
    await queries.overview({ actor: staff, ...range });
    expect(calls.activeUsers).toBe(2);
  });

  it('fills every bucket and cohort week of the range, cut by `to`', async () => {
    const { events, orders } = stores();
    const { queries } = await subject(events, orders);
    const range = { from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-16T00:00:00Z') };
    const weeks = await queries.activeUsers({ actor: staff, interval: 'week', ...range });
    expect(weeks).toEqual(ok({
      interval: 'week',
      points: [
        { start: new Date('2026-11-30T00:00:00Z'), activeUsers: 0 },
        { start: new Date('2026-12-07T00:00:00Z'), activeUsers: 0 },
        { start: new Date('2026-12-14T00:00:00Z'), activeUsers: 0 },
      ],
    }));
    const retention = await queries.retention({ actor: staff, ...range });
    expect(retention).toEqual(ok({
      cohorts: [
        { start: new Date('2026-11-30T00:00:00Z'), size: 5, retained: [5, 2, 0] },
        { start: new Date('2026-12-07T00:00:00Z'), size: 0, retained: [0, 0] },
        { start: new Date('2026-12-14T00:00:00Z'), size: 0, retained: [0] },
      ],
    }));
    expect(await queries.activeUsers({ actor: staff, interval: 'day', from: range.from, to: range.from })).toEqual(ok({ interval: 'day', points: [] }));
  });

  it('ranks past ids that are not the company\'s products, asking for more until the limit is met', async () => {
    const views = [
      { productId: 'gone-1', views: 50 }, { productId: 'p-b', views: 40 }, { productId: 'gone-2', views: 30 },
      { productId: 'p-a', views: 30 }, { productId: 'p-c', views: 10 },
    ];
    const { events, orders } = stores(views);
    const { queries } = await subject(events, orders, ['p-a', 'p-b', 'p-c']);
    const top = await queries.topProducts({ actor: staff, by: 'views', limit: 2 });
    expect(top).toEqual(ok({
      items: [
        { product: { id: 'p-b', name: 'Product p-b' }, revenue: [], units: 0, views: 40 },
        { product: { id: 'p-a', name: 'Product p-a' }, revenue: [], units: 0, views: 30 },
      ],
    }));
  });

  it('answers 503 unavailable when the event store cannot be reached, and caches nothing', async () => {
    const { events, orders } = stores();
    let reachable = false;
    const flaky: EventAnalytics = {
      ...events,
      activeUsers: async (...args) => {
        if (!reachable) throw new EventStoreUnavailable(new Error('connect ECONNREFUSED'));
        return events.activeUsers(...args);
      },
    };
    const { queries } = await subject(flaky, orders);
    expect(await queries.overview({ actor: staff })).toMatchObject({ ok: false, error: { code: 'unavailable', retryAfterSeconds: 5 } });
    reachable = true;
    expect(await queries.overview({ actor: staff })).toMatchObject({ ok: true, value: { activeUsers: 8 } });
  });

  it('lets any other store failure through: a bug is not an outage', async () => {
    const { events, orders } = stores();
    const broken: EventAnalytics = { ...events, activeUsers: async () => { throw new Error('syntax error at or near "slect"'); } };
    const { queries } = await subject(broken, orders);
    await expect(queries.overview({ actor: staff })).rejects.toThrow('syntax error');
  });
});
