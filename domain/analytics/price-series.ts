// A product's daily price (SPEC §3.9, price intelligence): the series the forecast, the anomalies
// and the price statistics all read.
import type { Money } from '../shared/money';
import { bucketStart, DAY_MS } from './analytics-definitions';

export interface DailyPrice {
  /** UTC midnight. */
  readonly day: Date;
  readonly amountCents: number;
}

export interface DailyPriceSeries {
  readonly currency: string;
  /** One entry per UTC day, oldest first, without gaps. */
  readonly days: DailyPrice[];
}

export interface PricedAt {
  readonly price: Money;
  readonly at: Date;
}

export const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * DAY_MS);

/**
 * The last price of each UTC day, from the day of the first point through `through`'s UTC day
 * (inclusive), a day without a point carrying the previous day's price forward. Points may come in
 * any order; of points at the same instant, the later one in the given order counts. Points after
 * `through` are ignored. The currency is that of the latest point, and only points in it are read:
 * amounts in a product's former currency cannot be compared with today's. Null when no point is at
 * or before `through`.
 */
export function dailyPriceSeries(points: readonly PricedAt[], through: Date): DailyPriceSeries | null {
  // Array.prototype.sort is stable, which keeps the given order of points at the same instant.
  const known = points.filter((p) => p.at.getTime() <= through.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = known.at(-1);
  if (!latest) return null;
  const { currency } = latest.price;
  const inCurrency = known.filter((p) => p.price.currency === currency);

  const days: DailyPrice[] = [];
  const last = bucketStart(through, 'day').getTime();
  let next = 0;
  let price = (inCurrency[0] as PricedAt).price.amountCents;
  for (let day = bucketStart((inCurrency[0] as PricedAt).at, 'day').getTime(); day <= last; day += DAY_MS) {
    const end = day + DAY_MS;
    for (; next < inCurrency.length && (inCurrency[next] as PricedAt).at.getTime() < end; next += 1) price = (inCurrency[next] as PricedAt).price.amountCents;
    days.push({ day: new Date(day), amountCents: price });
  }
  return { currency, days };
}
