// The definitions SPEC §3.9 makes part of the analytics contract, in one place: identities,
// UTC buckets (weeks from Monday), counted orders, rounding. Every store computes by them
// (the memory store with these functions, the SQL stores with the same rules in SQL), and the
// use cases present with them.
import type { OrderStatus } from '../orders/order';
import type { AnalyticsEvent } from './analytics-event';

export type BucketInterval = 'day' | 'week' | 'month';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** An event's identity: its userId, else its anonymousId (null for neither, which ingestion refuses). */
export const identityOf = (event: Pick<AnalyticsEvent, 'userId' | 'anonymousId'>): string | null => event.userId ?? event.anonymousId;

/** Orders analytics counts: placed in the range and now in one of these. */
export const COUNTED_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'delivered'];
export const isCountedStatus = (status: OrderStatus): boolean => COUNTED_ORDER_STATUSES.includes(status);

/** The event `track` name that makes a product view, with `properties.product_id`. */
export const PRODUCT_VIEWED = 'Product Viewed';

/** The product a `Product Viewed` track event viewed, or null when it is not one. */
export function viewedProductOf(event: Pick<AnalyticsEvent, 'type' | 'event' | 'properties'>): string | null {
  if (event.type !== 'track' || event.event !== PRODUCT_VIEWED) return null;
  const id = event.properties['product_id'];
  return typeof id === 'string' ? id : null;
}

/** The first instant of the UTC bucket holding `at`. */
export function bucketStart(at: Date, interval: BucketInterval): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  switch (interval) {
    case 'day':
      return new Date(day);
    case 'week':
      // getUTCDay: Sunday 0 … Saturday 6; Monday starts the week.
      return new Date(day - ((at.getUTCDay() + 6) % 7) * DAY_MS);
    case 'month':
      return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  }
}

/** The bucket after the one starting at `start`. */
export function nextBucket(start: Date, interval: BucketInterval): Date {
  switch (interval) {
    case 'day':
      return new Date(start.getTime() + DAY_MS);
    case 'week':
      return new Date(start.getTime() + WEEK_MS);
    case 'month':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  }
}

/** Every bucket overlapping [from, to), oldest first: the first may start before `from`. None for an empty range. */
export function bucketsOf(from: Date, to: Date, interval: BucketInterval): Date[] {
  const starts: Date[] = [];
  if (from >= to) return starts;
  for (let start = bucketStart(from, interval); start < to; start = nextBucket(start, interval)) starts.push(start);
  return starts;
}

/** `numerator / denominator` rounded half-up to the integer, exactly, for non-negative integers (amounts in minor units). */
export const divideHalfUp = (numerator: number, denominator: number): number => Math.floor((2 * numerator + denominator) / (2 * denominator));

/** A ratio rounded to 4 decimals; 0 when there is nothing to divide by. */
export const ratio4 = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : Math.round((numerator / denominator) * 10_000) / 10_000;
