// bench/analytics' one generator: a shop's catalogue, orders and SDK events, the same for every
// store from the same seed. Events come in chunks (1M at once would be gigabytes of objects);
// running the generator twice gives the same events, so expectations are tallied on a pass of
// their own.
import { PRODUCT_VIEWED } from '../../domain/analytics/analytics-definitions';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import type { OrderStatus } from '../../domain/orders/order';
import { rng } from '../recommendations/dataset';

export const DAY_MS = 86_400_000;
export const COMPANY_ID = 'bench-analytics';
export const PRODUCT_ADDED = 'Product Added';
export const ORDER_COMPLETED = 'Order Completed';

export interface DatasetOptions {
  readonly seed: number;
  readonly events: number;
  /** Identities (a userId, else an anonymousId): a quarter of the people browse anonymously first, so people = 0.8 × identities. */
  readonly identities: number;
  readonly orders: number;
  readonly products: number;
  /** Days of history before `end`. */
  readonly days: number;
  /** The instant every event and order is before. */
  readonly end: Date;
}

export interface BenchProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
}

export interface BenchOrderLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface BenchOrder {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly currency: 'EUR' | 'USD';
  readonly placedAt: Date;
  readonly lines: readonly BenchOrderLine[];
  readonly totalCents: number;
}

const pad = (n: number) => String(n).padStart(6, '0');
export const userIdOf = (person: number) => `u-${pad(person)}`;
const anonymousIdOf = (person: number) => `a-${pad(person)}`;

/** A cumulative distribution to draw an index from with one uniform number. */
function cdfOf(weights: readonly number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cdf[i] = sum += w));
  return cdf.map((c) => c / sum);
}

function draw(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Product i's popularity is Zipf-like (s = 1.1), so top products stand out as in a real shop. */
const productCdf = (count: number) => cdfOf(Array.from({ length: count }, (_, i) => 1 / (i + 1) ** 1.1));

export function generateProducts(options: DatasetOptions): BenchProduct[] {
  const random = rng(options.seed ^ 0x9e3779b9);
  return Array.from({ length: options.products }, (_, i) => ({
    id: `p-${pad(i)}`,
    sku: `SKU-${pad(i)}`,
    name: `Product ${i}`,
    // Log-uniform between 5 and 200 EUR.
    priceCents: Math.round(500 * 40 ** random()),
  }));
}

const people = (options: DatasetOptions) => Math.round(options.identities * 0.8);
/** Every fourth person browses anonymously for a week before identifying. */
const anonymousFirst = (person: number) => person % 4 === 0;
const ANONYMOUS_DAYS = 7;

/** Statuses as a shop over 90 days has them: most orders went through, some are still placed, a few cancelled or refunded. */
const STATUS_CDF = cdfOf([10, 30, 25, 25, 6, 4]);
const STATUSES: readonly OrderStatus[] = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];

/** Orders of identified people, placed uniformly over the days; a fifth of the people pay in USD (prices 8% above EUR). */
export function generateOrders(options: DatasetOptions, products: readonly BenchProduct[]): BenchOrder[] {
  const random = rng(options.seed ^ 0x85ebca6b);
  const byPopularity = productCdf(products.length);
  const start = options.end.getTime() - options.days * DAY_MS;
  const buyers = people(options);
  return Array.from({ length: options.orders }, (_, n) => {
    const person = Math.floor(random() ** 1.5 * buyers);
    const currency = person % 5 === 0 ? 'USD' : 'EUR';
    const lineCount = 1 + Math.floor(random() * 4);
    const lines = new Map<string, BenchOrderLine>();
    for (let l = 0; l < lineCount; l += 1) {
      const product = products[draw(byPopularity, random())]!;
      const unitPriceCents = currency === 'USD' ? Math.round(product.priceCents * 1.08) : product.priceCents;
      lines.set(product.id, { productId: product.id, quantity: 1 + Math.floor(random() * 3), unitPriceCents });
    }
    const all = [...lines.values()];
    return {
      id: `o-${pad(n)}`,
      userId: userIdOf(person),
      status: STATUSES[draw(STATUS_CDF, random())]!,
      currency,
      placedAt: new Date(start + Math.floor(random() * options.days * DAY_MS)),
      lines: all,
      totalCents: all.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    };
  });
}

interface Session {
  readonly person: number;
  readonly day: number;
  readonly at: number;
  readonly length: number;
}

/**
 * The sessions: a person (some far more active than others) comes back on days after their
 * first (exponential gaps, so cohorts decay week on week), with 2..13 events; sessions are drawn
 * until they hold `options.events` events, and ordered by start, as ingestion receives them.
 */
function sessionsOf(options: DatasetOptions, random: () => number): { sessions: Session[]; firstDay: Int32Array } {
  const persons = people(options);
  const firstDay = Int32Array.from({ length: persons }, () => Math.floor(random() * options.days));
  const activity = cdfOf(Array.from({ length: persons }, () => Math.log(1 - random()) ** 2));
  const start = options.end.getTime() - options.days * DAY_MS;
  const sessions: Session[] = [];
  for (let planned = 0; planned < options.events; ) {
    const person = draw(activity, random());
    const day = firstDay[person]! + Math.floor(-Math.log(1 - random()) * 12);
    if (day >= options.days) continue;
    // Ends before `end`: 13 events at most 3 minutes apart fit in the hour left.
    const session = { person, day, at: start + day * DAY_MS + Math.floor(random() * (DAY_MS - 3_600_000)), length: 2 + Math.floor(random() * 12) };
    sessions.push(session);
    planned += session.length;
  }
  return { sessions: sessions.sort((a, b) => a.at - b.at), firstDay };
}

/**
 * `options.events` events in chunks of `chunk`, session by session in order of start: a page,
 * then pages, searches and product views, with an add to cart after a view and an order after an
 * add now and then. An anonymous-first person's sessions before their seventh day carry only an
 * anonymousId; a person's first identified session starts with `identify`.
 */
export function* generateEvents(options: DatasetOptions, chunk: number): Generator<AnalyticsEvent[]> {
  const random = rng(options.seed);
  const { sessions, firstDay } = sessionsOf(options, random);
  const identified = new Uint8Array(firstDay.length);
  const byPopularity = productCdf(options.products);
  let made = 0;
  let batch: AnalyticsEvent[] = [];
  for (const { person, day, length, at: startedAt } of sessions) {
    const anonymous = anonymousFirst(person) && day < firstDay[person]! + ANONYMOUS_DAYS;
    const userId = anonymous ? null : userIdOf(person);
    const anonymousId = anonymousIdOf(person);
    let at = startedAt;
    let viewed: string | null = null;
    let added = false;
    for (let k = 0; k < length && made < options.events; k += 1) {
      const base = { messageId: `m-${made}`, userId, anonymousId, timestamp: new Date(at), traits: {} };
      const roll = random();
      let event: AnalyticsEvent;
      if (k === 0 && userId !== null && identified[person] === 0) {
        identified[person] = 1;
        event = { ...base, type: 'identify', event: null, name: null, properties: {}, traits: { email: `${userId}@bench.test` } };
      } else if (k === 0 || roll < 0.3) {
        event = { ...base, type: 'page', event: null, name: 'Catalog', properties: { path: `/catalog/${Math.floor(roll * 40)}` } };
      } else if (roll < 0.75) {
        viewed = `p-${pad(draw(byPopularity, random()))}`;
        event = { ...base, type: 'track', event: PRODUCT_VIEWED, name: null, properties: { product_id: viewed, currency: 'EUR' } };
      } else if (roll < 0.87 && viewed !== null) {
        added = true;
        event = { ...base, type: 'track', event: PRODUCT_ADDED, name: null, properties: { product_id: viewed, quantity: 1 } };
      } else if (roll < 0.92 && added) {
        event = { ...base, type: 'track', event: ORDER_COMPLETED, name: null, properties: { order_id: `c-${made}`, currency: 'EUR' } };
      } else {
        event = { ...base, type: 'track', event: 'Products Searched', name: null, properties: { query: `q${Math.floor(roll * 100)}` } };
      }
      batch.push(event);
      made += 1;
      at += 5_000 + Math.floor(random() * 175_000);
      if (batch.length === chunk) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
