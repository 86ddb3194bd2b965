// EventAnalytics and OrderAnalytics contract (SPEC §3.9 "Queries"): one small planted dataset,
// every answer computed by hand from the tables below and written out as a literal. Company A
// holds the cases; company B holds events and orders that would change A's answers if they
// leaked (same identities, messageIds and products), and answers of its own.
import { beforeAll, expect, it } from 'vitest';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { EventAnalytics, OrderAnalytics, ProductSales, ProductViews } from '../../application/ports/analytics-queries';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import type { Order, OrderLine, OrderStatus } from '../../domain/orders/order';
import type { Money } from '../../domain/shared/money';
import { byCodePoint } from '../../domain/shared/code-point-order';
import { uniqueId } from '../support/unique';

export interface AnalyticsQueriesUnderTest {
  readonly events: EventAnalytics;
  readonly orders: OrderAnalytics;
  /** Stores events for the company as ingestion does (sorted distinct messageIds, in a transaction) and makes them queryable. */
  plantEvents(companyId: string, events: readonly AnalyticsEvent[]): Promise<void>;
  /** Stores orders (OrderRepository.save in a unit of work). */
  plantOrders(orders: readonly Order[]): Promise<void>;
  /** Runs the store's rollups (AnalyticsRollups.rollUp). */
  rollUp(): Promise<void>;
}

/**
 * When the rollups run while the events are planted; every schedule gives the same answers.
 * `never`: not at all. `after`: once, after all. `between`: after every other event, so the rest
 * arrive late, on days already rolled up, and are left unrolled. `twice`: `between`, then once more.
 */
export type RollupSchedule = 'never' | 'after' | 'between' | 'twice';

/** The months the planted events fall in (November 2026 through February 2027): stores with month partitions prepare them first. */
export const PLANTED_MONTHS: TimeRange = { from: new Date('2026-11-01T00:00:00.000Z'), to: new Date('2027-02-01T00:00:00.000Z') };

const at = (iso: string): Date => new Date(iso);
const range = (from: string, to: string): TimeRange => ({ from: at(from), to: at(to) });

const NOVEMBER = range('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');
const DECEMBER = range('2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
const JANUARY = range('2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z');
/** Empty, at the very instant of an event (a1's view of sku-c) and of an order (o10). */
const EMPTY = range('2026-12-15T10:00:00.000Z', '2026-12-15T10:00:00.000Z');
/** Before anything was planted. */
const QUIET = range('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');

const DAY_MS = 86_400_000;
const SIGNED_UP = 'Signed Up';
const ADDED = 'Added To Cart';
const COMPLETED = 'Order Completed';
const VIEWED = 'Product Viewed';

type Who = Pick<AnalyticsEvent, 'userId' | 'anonymousId'>;
const user = (userId: string): Who => ({ userId, anonymousId: null });
const anonymous = (anonymousId: string): Who => ({ userId: null, anonymousId });
/** After `identify`: both ids sent, so the identity is the userId. */
const identified = (userId: string, anonymousId: string): Who => ({ userId, anonymousId });

type Unnumbered = Omit<AnalyticsEvent, 'messageId'>;
const track = (who: Who, event: string, timestamp: string, properties: Record<string, unknown> = {}): Unnumbered => ({
  type: 'track', event, name: null, ...who, properties, traits: {}, timestamp: at(timestamp),
});
const page = (who: Who, timestamp: string, name: string | null = null, properties: Record<string, unknown> = {}): Unnumbered => ({
  type: 'page', event: null, name, ...who, properties, traits: {}, timestamp: at(timestamp),
});
const identify = (who: Who, timestamp: string): Unnumbered => ({
  type: 'identify', event: null, name: null, ...who, properties: {}, traits: { plan: 'pro' }, timestamp: at(timestamp),
});
/** MessageIds e-00, e-01, …: the same ids in both companies, which must not dedupe across them. */
const numbered = (events: readonly Unnumbered[]): AnalyticsEvent[] =>
  events.map((event, i) => ({ messageId: `e-${String(i).padStart(2, '0')}`, ...event }));

// Company A. Mondays: Dec 7, 14, 21, 28, Jan 4, 11. Identity per event in the first column's comment.
const EVENTS_OF_A = numbered([
  page(user('u5'), '2026-11-10T12:00:00.000Z'), // u5's first event ever
  track(user('u1'), SIGNED_UP, '2026-11-30T23:59:59.999Z'), // u1's first event ever, 1 ms before December
  track(user('u2'), SIGNED_UP, '2026-12-01T00:00:00.000Z'), // u2's first ever, exactly at December's start
  track(user('u2'), ADDED, '2026-12-02T00:00:00.000Z'),
  track(user('u5'), VIEWED, '2026-12-02T10:00:00.000Z', { product_id: 'sku-a' }),
  track(user('u2'), COMPLETED, '2026-12-03T00:00:00.000Z'), // exactly 2 days after u2's step 1
  track(user('u2'), VIEWED, '2026-12-04T10:00:00.000Z', { product_id: 'sku-a' }),
  track(user('u2'), VIEWED, '2026-12-04T10:05:00.000Z', { product_id: 'SKU-B' }),
  track(user('u2'), 'Product Clicked', '2026-12-04T10:06:00.000Z', { product_id: 'sku-c' }), // not a view
  page(user('u9'), '2026-12-05T09:00:00.000Z', VIEWED, { product_id: 'sku-c' }), // a page, not a view; u9's first ever
  track(user('u3'), SIGNED_UP, '2026-12-07T10:00:00.000Z'), // u3's first ever
  track(user('u3'), ADDED, '2026-12-07T11:00:00.000Z'),
  track(user('u3'), VIEWED, '2026-12-07T12:00:00.000Z', { product_id: 'SKU-B' }),
  track(user('u3'), VIEWED, '2026-12-07T12:01:00.000Z', { product_id: 42 }), // not a string: no view
  track(user('u3'), VIEWED, '2026-12-07T12:02:00.000Z', { productId: 'sku-c' }), // no product_id: no view
  track(user('u6'), ADDED, '2026-12-08T09:00:00.000Z'), // u6's first ever; before u6's step 1
  track(user('u6'), SIGNED_UP, '2026-12-08T10:00:00.000Z'),
  track(user('u6'), COMPLETED, '2026-12-08T11:00:00.000Z'),
  track(user('u6'), VIEWED, '2026-12-08T12:00:00.000Z', { product_id: 'SKU-B' }),
  track(user('u3'), COMPLETED, '2026-12-09T10:00:00.001Z'), // 2 days and 1 ms after u3's step 1
  track(user('u1'), SIGNED_UP, '2026-12-10T00:00:00.000Z'), // u1's first step 1 in December
  track(user('u1'), VIEWED, '2026-12-11T10:00:00.000Z', { product_id: 'sku-a' }),
  track(user('u1'), SIGNED_UP, '2026-12-14T00:00:00.000Z'), // a repeated step 1
  track(user('u1'), ADDED, '2026-12-15T00:00:00.000Z'), // 5 days after the first step 1, 1 after the repeat
  track(user('u1'), COMPLETED, '2026-12-15T12:00:00.000Z'),
  track(anonymous('a1'), VIEWED, '2026-12-15T10:00:00.000Z', { product_id: 'sku-c' }), // a1's first ever
  track(anonymous('a1'), SIGNED_UP, '2026-12-15T11:00:00.000Z'),
  identify(identified('u4', 'a1'), '2026-12-15T11:30:00.000Z'), // u4's first ever: a second identity
  track(identified('u4', 'a1'), ADDED, '2026-12-15T12:00:00.000Z'),
  track(identified('u4', 'a1'), COMPLETED, '2026-12-15T13:00:00.000Z'),
  track(user('u4'), VIEWED, '2026-12-16T10:00:00.000Z', { product_id: 'sku-d' }),
  track(user('u4'), VIEWED, '2026-12-16T10:01:00.000Z', { product_id: 'sku-d' }),
  track(user('u7'), SIGNED_UP, '2026-12-20T08:00:00.000Z'), // u7's first ever, a Sunday
  track(user('u7'), ADDED, '2026-12-20T08:00:00.000Z'), // the same instant: not after step 1
  page(user('u9'), '2026-12-22T12:00:00.000Z'),
  page(user('u5'), '2026-12-24T12:00:00.000Z'),
  page(user('u3'), '2026-12-28T00:00:00.000Z'), // Monday 00:00
  track(user('u8'), SIGNED_UP, '2026-12-31T23:00:00.000Z'), // u8's first ever
  track(user('u8'), ADDED, '2027-01-01T00:00:00.000Z'), // exactly at December's end: out of December
  track(user('u8'), VIEWED, '2027-01-01T00:00:00.000Z', { product_id: 'sku-c' }),
  page(user('u6'), '2027-01-03T23:59:59.999Z'), // Sunday, last ms of the week of Dec 28
  page(user('u2'), '2027-01-04T00:00:00.000Z'), // Monday 00:00
  page(user('u10'), '2027-01-04T00:00:00.000Z'), // u10's first ever
  track(user('u7'), 'Newsletter Opened', '2027-01-05T09:00:00.000Z'),
  page(user('u3'), '2027-01-11T00:00:00.000Z'), // Monday 00:00
  page(user('u5'), '2027-02-01T00:00:00.000Z'), // the 1st of a month 00:00
]);

// Company B: identities named as A's (u1, u3, u10), whose events would move A's funnel and cohorts.
const EVENTS_OF_B = numbered([
  track(user('u1'), SIGNED_UP, '2026-12-02T00:00:00.000Z'),
  track(user('u1'), ADDED, '2026-12-02T01:00:00.000Z'),
  track(user('u1'), COMPLETED, '2026-12-02T02:00:00.000Z'),
  track(user('b1'), VIEWED, '2026-12-03T10:00:00.000Z', { product_id: 'sku-z' }),
  track(user('b1'), VIEWED, '2026-12-03T10:01:00.000Z', { product_id: 'sku-z' }),
  track(user('b1'), VIEWED, '2026-12-03T10:02:00.000Z', { product_id: 'sku-z' }),
  track(user('b1'), VIEWED, '2026-12-03T10:03:00.000Z', { product_id: 'sku-c' }),
  track(user('b1'), VIEWED, '2026-12-03T10:04:00.000Z', { product_id: 'sku-c' }),
  page(user('u3'), '2026-12-01T00:00:00.000Z'),
  page(user('b2'), '2026-11-20T00:00:00.000Z'),
  page(user('b3'), '2027-01-04T00:00:00.000Z'),
  page(user('u10'), '2026-12-20T00:00:00.000Z'),
]);

const eur = (amountCents: number): Money => ({ amountCents, currency: 'EUR' });
const usd = (amountCents: number): Money => ({ amountCents, currency: 'USD' });
const gbp = (amountCents: number): Money => ({ amountCents, currency: 'GBP' });
const line = (productId: string, quantity: number, unitPrice: Money): OrderLine => ({ productId, quantity, unitPrice });

function order(id: string, companyId: string, userId: string, status: OrderStatus, placedAt: string, items: readonly OrderLine[]): Order {
  const placed = at(placedAt);
  const total = items.reduce((sum, l) => sum + l.quantity * l.unitPrice.amountCents, 0);
  const currency = items[0]?.unitPrice.currency ?? 'EUR';
  const history = status === 'placed' ? [{ status, at: placed }] : [{ status: 'placed' as const, at: placed }, { status, at: new Date(placed.getTime() + 3_600_000) }];
  // Order ids are global: prefixed by the company, fresh per run.
  return { id: `${companyId}-${id}`, companyId, userId, items, total: { amountCents: total, currency }, status, placedAt: placed, history };
}

const ordersOf = (a: string, b: string): Order[] => [
  order('o1', a, 'u1', 'paid', '2026-12-01T00:00:00.000Z', [line('sku-a', 2, eur(1000)), line('SKU-B', 1, eur(900))]), // EUR 2900
  order('o2', a, 'u2', 'shipped', '2026-12-10T12:00:00.000Z', [line('sku-a', 1, eur(1000))]), // EUR 1000
  order('o3', a, 'u2', 'delivered', '2026-12-20T00:00:00.000Z', [line('SKU-B', 3, usd(700)), line('sku-c', 1, usd(1999))]), // USD 4099
  order('o4', a, 'u3', 'cancelled', '2026-12-05T00:00:00.000Z', [line('sku-a', 10, eur(1000)), line('sku-e', 1, eur(5000))]),
  order('o5', a, 'u3', 'refunded', '2026-12-06T00:00:00.000Z', [line('sku-d', 5, eur(300))]),
  order('o6', a, 'u4', 'placed', '2026-12-07T00:00:00.000Z', [line('sku-d', 4, eur(300))]),
  order('o7', a, 'u5', 'paid', '2026-11-30T23:59:59.999Z', [line('sku-c', 7, eur(100))]), // EUR 700, November
  order('o8', a, 'u6', 'paid', '2027-01-01T00:00:00.000Z', [line('sku-a', 9, eur(1000))]), // EUR 9000, January
  order('o9', a, 'u6', 'paid', '2026-12-31T23:59:59.999Z', [line('sku-d', 2, usd(250))]), // USD 500
  order('o10', a, 'u1', 'delivered', '2026-12-15T10:00:00.000Z', [line('sku-c', 1, usd(1999))]), // USD 1999
  order('o11', b, 'b1', 'paid', '2026-12-10T00:00:00.000Z', [line('sku-a', 50, eur(1000)), line('sku-z', 1, eur(1000))]), // EUR 51000
  order('o12', b, 'u1', 'paid', '2026-12-11T00:00:00.000Z', [line('sku-c', 3, gbp(100))]), // GBP 300
];

const week = (monday: string): Date => at(`${monday}T00:00:00.000Z`);
const byProductId = <T extends { readonly productId: string }>(rows: readonly T[]): T[] => [...rows].sort((x, y) => byCodePoint(x.productId, y.productId));

const everyOther = <T>(items: readonly T[], parity: 0 | 1): T[] => items.filter((_, i) => i % 2 === parity);

export function analyticsQueriesContract(subject: () => AnalyticsQueriesUnderTest, schedule: RollupSchedule = 'never'): void {
  const a = uniqueId();
  const b = uniqueId();
  const events = (): EventAnalytics => subject().events;
  const orders = (): OrderAnalytics => subject().orders;

  beforeAll(async () => {
    const planted: [string, readonly AnalyticsEvent[]][] = [[a, EVENTS_OF_A], [b, EVENTS_OF_B]];
    if (schedule === 'between' || schedule === 'twice') {
      for (const [company, all] of planted) await subject().plantEvents(company, everyOther(all, 0));
      await subject().rollUp();
      for (const [company, all] of planted) await subject().plantEvents(company, everyOther(all, 1));
    } else {
      for (const [company, all] of planted) await subject().plantEvents(company, all);
    }
    if (schedule === 'after' || schedule === 'twice') await subject().rollUp();
    await subject().plantOrders(ordersOf(a, b));
  });

  it('counts distinct identities with an event in range, from inclusive and to exclusive, anonymous and identified apart', async () => {
    // December: u1 u2 u3 u4 u5 u6 u7 u8 u9 a1 (u10 starts in January; u8's Jan 1 00:00 events are out).
    expect(await events().activeUsers(a, DECEMBER)).toBe(10);
    // January: u8 (only by its Jan 1 00:00 events), u6, u2, u10, u7, u3; u5's Feb 1 00:00 page is out.
    expect(await events().activeUsers(a, JANUARY)).toBe(6);
    // u1 by its event at exactly `from` (Nov 30 23:59:59.999), u2 by Dec 1 and 2; u5's view at exactly `to` is out.
    expect(await events().activeUsers(a, range('2026-11-30T23:59:59.999Z', '2026-12-02T10:00:00.000Z'))).toBe(2);
    // a1 (the anonymous view and sign-up) and u4 (the identify, sent with both ids) are two identities.
    expect(await events().activeUsers(a, range('2026-12-15T10:00:00.000Z', '2026-12-15T11:30:00.001Z'))).toBe(2);
    expect(await events().activeUsers(a, EMPTY)).toBe(0);
    expect(await events().activeUsers(a, QUIET)).toBe(0);
  });

  it('counts distinct identities per UTC day, only days with events, oldest first', async () => {
    // Dec 31: u8 at 23:00; Jan 1: u8 at 00:00 (twice); Jan 2: nothing; Jan 3: u6 at 23:59:59.999; Jan 4: u2, u10 at 00:00.
    expect(await events().activeUsersByBucket(a, 'day', range('2026-12-31T00:00:00.000Z', '2027-01-05T00:00:00.000Z'))).toEqual([
      { start: at('2026-12-31T00:00:00.000Z'), count: 1 },
      { start: at('2027-01-01T00:00:00.000Z'), count: 1 },
      { start: at('2027-01-03T00:00:00.000Z'), count: 1 },
      { start: at('2027-01-04T00:00:00.000Z'), count: 2 },
    ]);
  });

  it('counts per week from Monday, across a year boundary, counting only events in range in a first week starting before it', async () => {
    // From Wednesday Dec 23: the week of Dec 21 holds u5 (Dec 24), not u9 (Dec 22, before `from`).
    // Week of Dec 28: u3 (Mon 00:00), u8 (Dec 31, Jan 1), u6 (Sun Jan 3 23:59:59.999).
    // Week of Jan 4: u2, u10 (Mon 00:00), u7 (Jan 5); u3's Jan 11 00:00 page is at `to`.
    expect(await events().activeUsersByBucket(a, 'week', range('2026-12-23T00:00:00.000Z', '2027-01-11T00:00:00.000Z'))).toEqual([
      { start: week('2026-12-21'), count: 1 },
      { start: week('2026-12-28'), count: 3 },
      { start: week('2027-01-04'), count: 3 },
    ]);
  });

  it('counts per calendar month, the 1st 00:00 opening a month', async () => {
    // November from the 15th: u1 (Nov 30 23:59:59.999), not u5 (Nov 10). December: the 10 above.
    // January: the 6 above. February: u5 at Feb 1 00:00.
    expect(await events().activeUsersByBucket(a, 'month', range('2026-11-15T00:00:00.000Z', '2027-03-01T00:00:00.000Z'))).toEqual([
      { start: at('2026-11-01T00:00:00.000Z'), count: 1 },
      { start: at('2026-12-01T00:00:00.000Z'), count: 10 },
      { start: at('2027-01-01T00:00:00.000Z'), count: 6 },
      { start: at('2027-02-01T00:00:00.000Z'), count: 1 },
    ]);
    expect(await events().activeUsersByBucket(a, 'month', EMPTY)).toEqual([]);
    expect(await events().activeUsersByBucket(a, 'day', QUIET)).toEqual([]);
  });

  it('counts product views: track `Product Viewed` events with a string product_id, the most viewed first, ties by product id', async () => {
    // December: sku-a 3 (u5, u2, u1), SKU-B 3 (u2, u3, u6), sku-d 2 (u4 twice), sku-c 1 (a1). Not views: the
    // `Product Clicked` track, the page named `Product Viewed`, product_id 42, a productId key, u8's view at Jan 1 00:00.
    // "SKU-B" < "sku-a" in code point order (a locale collation would put sku-a first).
    const december: ProductViews[] = [
      { productId: 'SKU-B', views: 3 },
      { productId: 'sku-a', views: 3 },
      { productId: 'sku-d', views: 2 },
      { productId: 'sku-c', views: 1 },
    ];
    expect(await events().productViews(a, DECEMBER, { limit: 10 })).toEqual(december);
    expect(await events().productViews(a, DECEMBER, { limit: 2 })).toEqual(december.slice(0, 2));
    expect(await events().productViews(a, DECEMBER, { limit: 3 })).toEqual(december.slice(0, 3));
    expect(await events().productViews(a, JANUARY, { limit: 10 })).toEqual([{ productId: 'sku-c', views: 1 }]);
    expect(await events().productViews(a, EMPTY, { limit: 10 })).toEqual([]);
  });

  it('counts views of the products asked for only, leaving out products without views', async () => {
    const asked = await events().productViews(a, DECEMBER, { productIds: ['sku-c', 'no-such-product', 'SKU-B'] });
    expect(byProductId(asked)).toEqual([{ productId: 'SKU-B', views: 3 }, { productId: 'sku-c', views: 1 }]);
    expect(await events().productViews(a, DECEMBER, { productIds: [] })).toEqual([]);
    expect(await events().productViews(a, EMPTY, { productIds: ['sku-c'] })).toEqual([]);
  });

  it('follows identities through the funnel: after the previous step, within the window of the first step 1 in range', async () => {
    // Step 1 (Signed Up in December): u2, u3, u6, u1 (Dec 10; its Nov 30 sign-up is out of range), a1, u7, u8 = 7.
    // Step 2 (Added To Cart after step 1, within 2 days of it): u2 (Dec 2), u3 (Dec 7 11:00). Not: u6 (added
    // before signing up), u1 (Dec 15: 5 days after its first step 1; only 1 after the repeated one),
    // a1 (the cart is u4's, another identity), u7 (the same instant, not after), u8 (Jan 1 00:00, out of range).
    // Step 3 (Order Completed): u2 at exactly step 1 + 2 days; not u3, at step 1 + 2 days + 1 ms.
    expect(await events().funnel(a, [SIGNED_UP, ADDED, COMPLETED], DECEMBER, 2 * DAY_MS)).toEqual([7, 2, 1]);
    // Carts in December: u2, u3, u6, u1, u4, u7 = 6; completed within 2 days of the cart: all but u7 (u3: 1 day 23 h later).
    expect(await events().funnel(a, [ADDED, COMPLETED], DECEMBER, 2 * DAY_MS)).toEqual([6, 5]);
    // A 1-day window: u2's cart at exactly step 1 + 1 day still counts; u2 completes 2 days after step 1: nobody reaches step 3.
    expect(await events().funnel(a, [SIGNED_UP, ADDED, COMPLETED], DECEMBER, DAY_MS)).toEqual([7, 2, 0]);
    expect(await events().funnel(a, [SIGNED_UP, ADDED, COMPLETED], EMPTY, 2 * DAY_MS)).toEqual([0, 0, 0]);
    expect(await events().funnel(a, ['Nobody Does This', SIGNED_UP], DECEMBER, 2 * DAY_MS)).toEqual([0, 0]);
  });

  it('counts cohorts by the week of each identity’s first event ever, and their activity per later week until `to`', async () => {
    // First events ever: u5 Nov 10, u1 Nov 30, u2 Dec 1, u9 Dec 5 (before Dec 7: in no cohort, though active after).
    // Cohort Dec 7: u3 (Dec 7), u6 (Dec 8); both active again in the week of Dec 28 (u3 Dec 28, u6 Sun Jan 3).
    // Cohort Dec 14: a1 (Dec 15 10:00), u4 (Dec 15 11:30), u7 (Sun Dec 20); u7 again in the week of Jan 4.
    // Cohort Dec 28: u8 (Dec 31, Jan 1). Cohort Jan 4: u10. u3's Jan 11 00:00 page is at `to`: ignored.
    expect(await events().cohortActivity(a, range('2026-12-07T00:00:00.000Z', '2027-01-11T00:00:00.000Z'))).toEqual([
      { cohortStart: week('2026-12-07'), activeStart: week('2026-12-07'), identities: 2 },
      { cohortStart: week('2026-12-07'), activeStart: week('2026-12-28'), identities: 2 },
      { cohortStart: week('2026-12-14'), activeStart: week('2026-12-14'), identities: 3 },
      { cohortStart: week('2026-12-14'), activeStart: week('2027-01-04'), identities: 1 },
      { cohortStart: week('2026-12-28'), activeStart: week('2026-12-28'), identities: 1 },
      { cohortStart: week('2027-01-04'), activeStart: week('2027-01-04'), identities: 1 },
    ]);
    // Cut by `to`: u7's January activity is after it.
    expect(await events().cohortActivity(a, range('2026-12-14T00:00:00.000Z', '2026-12-21T00:00:00.000Z'))).toEqual([
      { cohortStart: week('2026-12-14'), activeStart: week('2026-12-14'), identities: 3 },
    ]);
    expect(await events().cohortActivity(a, EMPTY)).toEqual([]);
  });

  it('totals orders placed in range and now paid, shipped or delivered, per currency by code, and their distinct buyers', async () => {
    // December: o1 (u1, EUR 2900), o2 (u2, EUR 1000), o3 (u2, USD 4099), o9 (u6, USD 500, Dec 31 23:59:59.999),
    // o10 (u1, USD 1999). Not: o4 cancelled, o5 refunded, o6 placed, o7 (paid, placed in November), o8 (Jan 1 00:00).
    expect(await orders().totals(a, DECEMBER)).toEqual({ orders: 5, revenue: [eur(3900), usd(6598)], ordersByCurrency: [2, 3], buyers: 3 });
    expect(await orders().totals(a, NOVEMBER)).toEqual({ orders: 1, revenue: [eur(700)], ordersByCurrency: [1], buyers: 1 });
    expect(await orders().totals(a, JANUARY)).toEqual({ orders: 1, revenue: [eur(9000)], ordersByCurrency: [1], buyers: 1 });
    expect(await orders().totals(a, EMPTY)).toEqual({ orders: 0, revenue: [], ordersByCurrency: [], buyers: 0 });
  });

  it('sums units and revenue per product over counted orders’ lines, by units or by revenue across currencies, ties by product id', async () => {
    // December's counted lines: sku-a 2 + 1 (EUR 3000); SKU-B 1 (EUR 900) + 3 (USD 2100); sku-c 1 + 1 (USD 3998);
    // sku-d 2 (USD 500). By units: SKU-B 4, sku-a 3, then sku-c and sku-d tied at 2.
    const skuA: ProductSales = { productId: 'sku-a', units: 3, revenue: [eur(3000)] };
    const skuB: ProductSales = { productId: 'SKU-B', units: 4, revenue: [eur(900), usd(2100)] };
    const skuC: ProductSales = { productId: 'sku-c', units: 2, revenue: [usd(3998)] };
    const skuD: ProductSales = { productId: 'sku-d', units: 2, revenue: [usd(500)] };
    expect(await orders().productSales(a, DECEMBER, { limit: 10, by: 'units' })).toEqual([skuB, skuA, skuC, skuD]);
    expect(await orders().productSales(a, DECEMBER, { limit: 3, by: 'units' })).toEqual([skuB, skuA, skuC]);
    // By revenue (minor units summed across currencies): sku-c 3998, SKU-B 3000 and sku-a 3000 tied, sku-d 500.
    expect(await orders().productSales(a, DECEMBER, { limit: 3, by: 'revenue' })).toEqual([skuC, skuB, skuA]);
    expect(await orders().productSales(a, JANUARY, { limit: 10, by: 'revenue' })).toEqual([{ productId: 'sku-a', units: 9, revenue: [eur(9000)] }]);
    expect(await orders().productSales(a, EMPTY, { limit: 10, by: 'units' })).toEqual([]);
  });

  it('sums sales of the products asked for only, leaving out products without counted sales', async () => {
    // sku-e is only on the cancelled o4.
    const asked = await orders().productSales(a, DECEMBER, { productIds: ['sku-d', 'sku-a', 'sku-e', 'no-such-product'] });
    expect(byProductId(asked)).toEqual([
      { productId: 'sku-a', units: 3, revenue: [eur(3000)] },
      { productId: 'sku-d', units: 2, revenue: [usd(500)] },
    ]);
    expect(await orders().productSales(a, DECEMBER, { productIds: [] })).toEqual([]);
  });

  it('answers each company from its own events and orders only', async () => {
    // B in December: u1, b1, u3, u10 (b2 is in November, b3 in January).
    expect(await events().activeUsers(b, DECEMBER)).toBe(4);
    expect(await events().productViews(b, DECEMBER, { limit: 10 })).toEqual([{ productId: 'sku-z', views: 3 }, { productId: 'sku-c', views: 2 }]);
    expect(await events().funnel(b, [SIGNED_UP, ADDED, COMPLETED], DECEMBER, 2 * DAY_MS)).toEqual([1, 1, 1]);
    // B's first events ever: u3 Dec 1, u10 Dec 20 (cohort Dec 14), b3 Jan 4; u1, b1 in December before the 14th.
    expect(await events().cohortActivity(b, range('2026-12-14T00:00:00.000Z', '2027-01-11T00:00:00.000Z'))).toEqual([
      { cohortStart: week('2026-12-14'), activeStart: week('2026-12-14'), identities: 1 },
      { cohortStart: week('2027-01-04'), activeStart: week('2027-01-04'), identities: 1 },
    ]);
    expect(await orders().totals(b, DECEMBER)).toEqual({ orders: 2, revenue: [eur(51000), gbp(300)], ordersByCurrency: [1, 1], buyers: 2 });
    expect(await orders().productSales(b, DECEMBER, { limit: 10, by: 'units' })).toEqual([
      { productId: 'sku-a', units: 50, revenue: [eur(50000)] },
      { productId: 'sku-c', units: 3, revenue: [gbp(300)] },
      { productId: 'sku-z', units: 1, revenue: [eur(1000)] },
    ]);
    // A company with nothing planted.
    const none = uniqueId();
    expect(await events().activeUsers(none, DECEMBER)).toBe(0);
    expect(await events().cohortActivity(none, DECEMBER)).toEqual([]);
    expect(await orders().totals(none, DECEMBER)).toEqual({ orders: 0, revenue: [], ordersByCurrency: [], buyers: 0 });
  });
}
