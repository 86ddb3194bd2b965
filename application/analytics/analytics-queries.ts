// The analytics queries of SPEC §3.9 (staff and above): the event store and the relational
// store each aggregate their half; here the halves are joined, empty buckets filled, answers
// rounded as the definitions say, and cached per company for at most a minute (orders and
// new events invalidate the company's entries at once: see cache-keys.ts).
import {
  bucketsOf, DAY_MS, divideHalfUp, ratio4, WEEK_MS, type BucketInterval,
} from '../../domain/analytics/analytics-definitions';
import { byCodePoint } from '../../domain/shared/code-point-order';
import { appError, invalid, type AppError } from '../../domain/shared/errors';
import type { Money } from '../../domain/shared/money';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside } from '../cache/cache-aside';
import { cacheKeys, cacheTags, CACHE_TTL_MS } from '../cache/cache-keys';
import type { TimeRange } from '../ports/analytics-event-store';
import { EventStoreUnavailable, type CohortActivity, type EventAnalytics, type OrderAnalytics, type ProductSales } from '../ports/analytics-queries';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { analyticsRange, rangeKey, type RangeError, type RangeInput } from './analytics-range';

/** A refused range or caller, or the event store out of reach. */
export type QueryError = RangeError | AppError<'unavailable'>;
import { answerCodec } from './answer-codec';

export interface Overview {
  readonly revenue: readonly Money[];
  readonly orders: number;
  readonly averageOrderValue: readonly Money[];
  readonly activeUsers: number;
  readonly buyers: number;
  readonly conversionRate: number;
}

export interface ActiveUsersSeries {
  readonly interval: BucketInterval;
  readonly points: readonly { readonly start: Date; readonly activeUsers: number }[];
}

export type TopProductsMeasure = 'revenue' | 'units' | 'views';

export interface TopProduct {
  readonly product: { readonly id: string; readonly name: string };
  readonly revenue: readonly Money[];
  readonly units: number;
  readonly views: number;
}

export interface Funnel {
  readonly steps: readonly { readonly event: string; readonly users: number }[];
}

export interface Retention {
  readonly cohorts: readonly { readonly start: Date; readonly size: number; readonly retained: readonly number[] }[];
}

/** At most this many buckets per answer (a day series of 800 days fits). */
const MAX_BUCKETS = 1000;

export class AnalyticsQueries {
  constructor(
    private readonly events: EventAnalytics,
    private readonly orders: OrderAnalytics,
    private readonly uow: UnitOfWork,
    private readonly cache: CacheAside,
    private readonly clock: Clock,
  ) {}

  overview(input: RangeInput): Promise<Result<Overview, QueryError>> {
    return this.cached(input, 'overview', async (companyId, range) => {
      const [totals, activeUsers] = await Promise.all([this.orders.totals(companyId, range), this.events.activeUsers(companyId, range)]);
      return {
        revenue: totals.revenue,
        orders: totals.orders,
        averageOrderValue: totals.revenue.map((total, i) => ({ currency: total.currency, amountCents: divideHalfUp(total.amountCents, totals.ordersByCurrency[i]!) })),
        activeUsers,
        buyers: totals.buyers,
        conversionRate: ratio4(totals.buyers, activeUsers),
      };
    });
  }

  activeUsers(input: RangeInput & { readonly interval: BucketInterval }): Promise<Result<ActiveUsersSeries, QueryError>> {
    return this.cached(input, `active-users:${input.interval}`, async (companyId, range) => {
      const counts = new Map((await this.events.activeUsersByBucket(companyId, input.interval, range)).map((b) => [b.start.getTime(), b.count]));
      const points = bucketsOf(range.from, range.to, input.interval).map((start) => ({ start, activeUsers: counts.get(start.getTime()) ?? 0 }));
      return { interval: input.interval, points };
    }, (range) => bucketsOf(range.from, range.to, input.interval).length > MAX_BUCKETS ? `at most ${MAX_BUCKETS} ${input.interval}s` : null);
  }

  topProducts(input: RangeInput & { readonly by: TopProductsMeasure; readonly limit: number }): Promise<Result<{ items: TopProduct[] }, QueryError>> {
    return this.cached(input, `top-products:${input.by}:${input.limit}`, async (companyId, range) => ({
      items: await this.rankProducts(companyId, range, input.by, input.limit),
    }));
  }

  funnel(input: RangeInput & { readonly steps: readonly string[]; readonly windowDays: number }): Promise<Result<Funnel, QueryError>> {
    const key = `funnel:${input.windowDays}:${JSON.stringify(input.steps)}`;
    return this.cached(input, key, async (companyId, range) => {
      const users = await this.events.funnel(companyId, input.steps, range, input.windowDays * DAY_MS);
      return { steps: input.steps.map((event, i) => ({ event, users: users[i] ?? 0 })) };
    });
  }

  retention(input: RangeInput): Promise<Result<Retention, QueryError>> {
    return this.cached(input, 'retention', async (companyId, range) => ({
      cohorts: cohortsOf(range, await this.events.cohortActivity(companyId, range)),
    }), (range) => bucketsOf(range.from, range.to, 'week').length > MAX_WEEKS ? `at most ${MAX_WEEKS} weeks of cohorts` : null);
  }

  /**
   * The company's answer for `query` in the range, cached under the company's analytics tag.
   * `tooBig` refuses a range whose answer would be too long.
   */
  private async cached<T>(
    input: RangeInput,
    query: string,
    compute: (companyId: string, range: TimeRange) => Promise<T>,
    tooBig: (range: TimeRange) => string | null = () => null,
  ): Promise<Result<T, QueryError>> {
    const range = analyticsRange(input, this.clock.now());
    if (!range.ok) return range;
    const refusal = tooBig(range.value);
    if (refusal) return err(invalid('from', `the range is too long: ${refusal}`));
    const { companyId } = input.actor;
    const key = cacheKeys.analytics(companyId, `${query}:${rangeKey(range.value)}`);
    const options = { ttlMs: CACHE_TTL_MS.analytics, tags: [cacheTags.analytics(companyId)], codec: answerCodec<T>(['start']) };
    try {
      return ok(await this.cache.getOrCompute(key, options, () => compute(companyId, range.value)));
    } catch (error) {
      if (error instanceof EventStoreUnavailable) return err(appError('unavailable', 'The analytics store is unreachable; try again shortly', { retryAfterSeconds: 5 }));
      throw error;
    }
  }

  /**
   * The `limit` products first by `by`, most first, ties by id, with their other measures.
   * Ids the events name that are not (or no longer) products of the company are passed over,
   * asking the store for more until `limit` are known or it has no more.
   */
  private async rankProducts(companyId: string, range: TimeRange, by: TopProductsMeasure, limit: number): Promise<TopProduct[]> {
    const names = new Map<string, string>();
    let ranked: string[] = [];
    for (let asked = limit; ; asked *= 2) {
      const ids = by === 'views'
        ? (await this.events.productViews(companyId, range, { limit: asked })).map((v) => v.productId)
        : (await this.orders.productSales(companyId, range, { limit: asked, by })).map((s) => s.productId);
      const unnamed = ids.filter((id) => !names.has(id));
      for (const product of await this.uow.read((r) => r.products.byIds(companyId, unnamed))) names.set(product.id, product.name);
      ranked = ids.filter((id) => names.has(id));
      if (ranked.length >= limit || ids.length < asked) break;
    }
    ranked = ranked.slice(0, limit);
    if (ranked.length === 0) return [];
    const [views, sales] = await Promise.all([
      this.events.productViews(companyId, range, { productIds: ranked }),
      this.orders.productSales(companyId, range, { productIds: ranked }),
    ]);
    const viewsOf = new Map(views.map((v) => [v.productId, v.views]));
    const salesOf = new Map(sales.map((s) => [s.productId, s]));
    const items = ranked.map((id) => topProduct(id, names.get(id)!, viewsOf.get(id) ?? 0, salesOf.get(id)));
    return items.sort((a, b) => measureOf(b, by) - measureOf(a, by) || byCodePoint(a.product.id, b.product.id));
  }
}

const MAX_WEEKS = 120;

const topProduct = (id: string, name: string, views: number, sales: ProductSales | undefined): TopProduct => ({
  product: { id, name },
  revenue: sales?.revenue ?? [],
  units: sales?.units ?? 0,
  views,
});

/** Revenue ranks by its amounts in minor units summed across currencies, as the stores rank it. */
function measureOf(item: TopProduct, by: TopProductsMeasure): number {
  if (by === 'views') return item.views;
  if (by === 'units') return item.units;
  return item.revenue.reduce((sum, money) => sum + money.amountCents, 0);
}

/**
 * Every cohort week of the range (zeros included), each with one count per week from its own
 * up to the one holding the last instant before `to`.
 */
function cohortsOf(range: TimeRange, activity: readonly CohortActivity[]): Retention['cohorts'] {
  const seen = new Map(activity.map((a) => [`${a.cohortStart.getTime()}/${a.activeStart.getTime()}`, a.identities]));
  const weeks = bucketsOf(range.from, range.to, 'week');
  return weeks.map((start, c) => {
    const retained = weeks.slice(c).map((_, k) => seen.get(`${start.getTime()}/${start.getTime() + k * WEEK_MS}`) ?? 0);
    return { start, size: retained[0] ?? 0, retained };
  });
}
