// Price intelligence (SPEC §3.9): a product's forecast and its price statistics, and the
// company's price anomalies. The models are pure (domain/analytics); here the price history is
// read, turned into the daily series and the answers cached like the other analytics.
import { priceAnomalies } from '../../domain/analytics/price-anomalies';
import { forecastDailyPrices } from '../../domain/analytics/forecast';
import { dailyPriceSeries } from '../../domain/analytics/price-series';
import { priceStats, type PriceStats } from '../../domain/analytics/price-stats';
import type { PricePoint } from '../../domain/catalog/price-point';
import type { Actor } from '../../domain/identity/actor';
import { byCodePoint } from '../../domain/shared/code-point-order';
import { isAtLeast } from '../../domain/identity/role';
import { appError, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import type { Money } from '../../domain/shared/money';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside } from '../cache/cache-aside';
import { cacheKeys, cacheTags, CACHE_TTL_MS } from '../cache/cache-keys';
import { visibleProduct } from '../catalog/get-product';
import type { Clock } from '../ports/clock';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';
import { analyticsRange, rangeKey, type RangeError, type RangeInput } from './analytics-range';
import { answerCodec } from './answer-codec';

/** Points read per query when walking a product's whole price history. */
const HISTORY_PAGE = 1000;
const UTC_DAY = (at: Date) => at.toISOString().slice(0, 10);

export interface ForecastAnswer {
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** The spread of the model's one-step errors, in the product's currency. */
  readonly residualSd: number;
  /** Days of history the model was fitted on. */
  readonly history: number;
  readonly points: readonly { readonly date: string; readonly price: Money; readonly lower: Money; readonly upper: Money }[];
}

export interface PriceAnomalyItem {
  readonly product: { readonly id: string; readonly name: string };
  readonly at: Date;
  readonly price: Money;
  readonly previous: Money;
  readonly score: number;
}

export type ForecastError = AppError<'forbidden' | 'not_found' | 'insufficient_history'>;

export class PriceIntelligence {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: CacheAside,
    private readonly clock: Clock,
  ) {}

  /** The next `days` days of the product's daily price (staff and above). */
  async forecast(input: { readonly actor: Actor; readonly productId: string; readonly days: number }): Promise<Result<ForecastAnswer, ForecastError>> {
    const { actor } = input;
    if (!isAtLeast(actor.role, 'staff')) return err(forbidden('Analytics are for staff'));
    const now = this.clock.now();
    const product = await this.uow.read((repos) => repos.products.byId(actor.companyId, input.productId));
    if (!product) return err(notFound('Product'));
    // Per product and UTC day: the series gains a day at midnight, and a price change drops the entry.
    const key = cacheKeys.analytics(actor.companyId, `forecast:${product.id}:${UTC_DAY(now)}:${input.days}`);
    const tags = [cacheTags.product(actor.companyId, product.id)];
    const answer = await this.cache.getOrCompute(key, { ttlMs: CACHE_TTL_MS.analytics, tags, codec: answerCodec<ForecastAnswer | null>([]) }, async () => {
      const history = await this.uow.read((repos) => allPricesOf(repos, actor.companyId, product.id));
      const series = dailyPriceSeries(history, now);
      if (!series || series.days.length < 2) return null;
      const forecast = forecastDailyPrices(series.days, input.days);
      const money = (amountCents: number): Money => ({ amountCents, currency: series.currency });
      return {
        model: forecast.model,
        parameters: forecast.parameters,
        residualSd: forecast.residualSd,
        history: series.days.length,
        points: forecast.points.map((p) => ({ date: UTC_DAY(p.day), price: money(p.amountCents), lower: money(p.lowerCents), upper: money(p.upperCents) })),
      };
    });
    return answer ? ok(answer) : err(appError('insufficient_history', 'A forecast needs at least 2 days of price history'));
  }

  /** Price changes in the range that are outliers against their product's own history, largest first. */
  async anomalies(input: RangeInput & { readonly limit: number }): Promise<Result<{ items: PriceAnomalyItem[] }, RangeError>> {
    const range = analyticsRange(input, this.clock.now());
    if (!range.ok) return range;
    const { companyId } = input.actor;
    const key = cacheKeys.analytics(companyId, `price-anomalies:${input.limit}:${rangeKey(range.value)}`);
    const options = { ttlMs: CACHE_TTL_MS.analytics, tags: [cacheTags.analytics(companyId)], codec: answerCodec<{ items: PriceAnomalyItem[] }>(['at']) };
    return ok(await this.cache.getOrCompute(key, options, () => this.findAnomalies(companyId, range.value.from, range.value.to, input.limit)));
  }

  private async findAnomalies(companyId: string, from: Date, to: Date, limit: number): Promise<{ items: PriceAnomalyItem[] }> {
    // The series run through the last day of the range; every product's whole history is its baseline.
    const through = new Date(to.getTime() - 1);
    const byProduct = groupByProduct(await this.uow.read((repos) => repos.prices.since(companyId, new Date(0))));
    const found: { productId: string; currency: string; anomaly: ReturnType<typeof priceAnomalies>[number] }[] = [];
    for (const [productId, points] of byProduct) {
      const series = dailyPriceSeries(points, through);
      if (!series) continue;
      for (const anomaly of priceAnomalies(series.days, from, to)) found.push({ productId, currency: series.currency, anomaly });
    }
    found.sort((a, b) => Math.abs(b.anomaly.score) - Math.abs(a.anomaly.score) || byCodePoint(a.productId, b.productId));
    // Named before the cut, so a product deleted since its price history was written does not shorten the list.
    const names = new Map((await this.uow.read((r) => r.products.byIds(companyId, [...new Set(found.map((f) => f.productId))]))).map((p) => [p.id, p.name]));
    const items = found.filter((f) => names.has(f.productId)).slice(0, limit).map(({ productId, currency, anomaly }) => ({
      product: { id: productId, name: names.get(productId)! },
      at: anomaly.day,
      price: { amountCents: anomaly.amountCents, currency },
      previous: { amountCents: anomaly.previousCents, currency },
      score: anomaly.score,
    }));
    return { items };
  }

  /**
   * Keepa-style statistics of a product the caller may see (any role). A product whose history
   * holds no point yet counts its current price as recorded now.
   */
  async stats(input: { readonly actor: Actor; readonly productId: string }): Promise<Result<PriceStats, AppError<'not_found'>>> {
    const { actor } = input;
    const now = this.clock.now();
    const product = await this.uow.read((repos) => visibleProduct(repos, actor, input.productId));
    if (!product) return err(notFound('Product'));
    const key = cacheKeys.analytics(actor.companyId, `price-stats:${product.id}:${UTC_DAY(now)}`);
    const tags = [cacheTags.product(actor.companyId, product.id)];
    const codec = answerCodec<PriceStats>(['at']);
    return ok(await this.cache.getOrCompute(key, { ttlMs: CACHE_TTL_MS.analytics, tags, codec }, async () => {
      const history = await this.uow.read((repos) => allPricesOf(repos, actor.companyId, product.id));
      const points = history.length > 0 ? history : [{ price: product.price, at: now }];
      // Never null: there is at least one point.
      return priceStats(points, now)!;
    }));
  }
}

/** Every recorded price of the product, oldest first. */
async function allPricesOf(repos: Repositories, companyId: string, productId: string): Promise<PricePoint[]> {
  const points: PricePoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await repos.prices.forProduct(companyId, productId, {}, { limit: HISTORY_PAGE, cursor });
    points.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return points;
}

function groupByProduct(points: readonly PricePoint[]): Map<string, PricePoint[]> {
  const groups = new Map<string, PricePoint[]>();
  for (const point of points) {
    const group = groups.get(point.productId);
    if (group) group.push(point);
    else groups.set(point.productId, [point]);
  }
  return groups;
}
