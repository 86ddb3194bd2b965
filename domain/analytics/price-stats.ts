// A product's price statistics, after Keepa's (GET /products/:id/price-stats): the current price
// against its recent averages and extremes.
import { divideHalfUp } from './analytics-definitions';
import type { Money } from '../shared/money';
import { addDays, dailyPriceSeries, type DailyPrice, type PricedAt } from './price-series';

export interface PriceStats {
  readonly current: Money;
  readonly avg30: Money;
  readonly avg90: Money;
  readonly avg180: Money;
  readonly min90: { readonly price: Money; readonly at: Date };
  readonly max90: { readonly price: Money; readonly at: Date };
  readonly minAllTime: Money;
  readonly maxAllTime: Money;
  readonly isLowest90: boolean;
  readonly deltaPercent30: number;
  readonly deltaPercent90: number;
}

/**
 * Statistics of the price history at `now`, in the currency of the latest point at or before
 * `now` (points in another currency, and points after `now`, are not read); null when there is
 * no such point. "The last N days" are the N UTC days ending with `now`'s day, today included
 * (fewer while the history is younger).
 * - `current`: the price of the latest point.
 * - `avgN` (30, 90, 180): the mean of the daily series (the last price of each day, carried
 *   forward) over the last N days, rounded half up to the cent.
 * - `min90`, `max90`: the lowest and highest price in force during the last 90 days (the points
 *   set in them, and the one in force when they began, even when set before), with the time that
 *   point was set; of equal prices, the latest point.
 * - `minAllTime`, `maxAllTime`: over every point.
 * - `isLowest90`: the current price is the lowest of the last 90 days (equal counts).
 * - `deltaPercentN` (30, 90): (current − avgN) / avgN · 100 with the rounded avgN, rounded half
 *   away from zero to 2 decimals; 0 when avgN is 0.
 */
export function priceStats(points: readonly PricedAt[], now: Date): PriceStats | null {
  const series = dailyPriceSeries(points, now);
  if (!series) return null;
  const { currency, days } = series;
  const money = (amountCents: number): Money => ({ amountCents, currency });
  const history = points
    .filter((p) => p.at.getTime() <= now.getTime() && p.price.currency === currency)
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const today = (days.at(-1) as DailyPrice).day;
  const current = (days.at(-1) as DailyPrice).amountCents;
  const average = (n: number) => averageOfLastDays(days, addDays(today, 1 - n));
  const [avg30, avg90, avg180] = [average(30), average(90), average(180)];
  const window90 = inForceSince(history, addDays(today, -89));
  const min90 = extreme(window90, (a, b) => a <= b);
  const max90 = extreme(window90, (a, b) => a >= b);
  // A reduce, not Math.min(...amounts): a long history would overflow the argument list.
  const amounts = history.map((p) => p.price.amountCents);

  return {
    current: money(current),
    avg30: money(avg30),
    avg90: money(avg90),
    avg180: money(avg180),
    min90: { price: min90.price, at: min90.at },
    max90: { price: max90.price, at: max90.at },
    minAllTime: money(amounts.reduce((a, b) => Math.min(a, b))),
    maxAllTime: money(amounts.reduce((a, b) => Math.max(a, b))),
    isLowest90: current <= min90.price.amountCents,
    deltaPercent30: deltaPercent(current, avg30),
    deltaPercent90: deltaPercent(current, avg90),
  };
}

/** The mean price of the days from `start` on, rounded half up to the cent. */
function averageOfLastDays(days: readonly DailyPrice[], start: Date): number {
  const inWindow = days.filter((d) => d.day.getTime() >= start.getTime());
  return divideHalfUp(
    inWindow.reduce((total, d) => total + d.amountCents, 0),
    inWindow.length,
  );
}

/** The point in force at `start` (the last set at or before it) and those set after; `sorted` oldest first. */
function inForceSince(sorted: readonly PricedAt[], start: Date): PricedAt[] {
  const inForce = sorted.findLastIndex((p) => p.at.getTime() <= start.getTime());
  return sorted.slice(Math.max(0, inForce));
}

/** The point whose price wins over every other by `atLeastAsGood`; of equals, the latest (`points` oldest first, not empty). */
function extreme(points: readonly PricedAt[], atLeastAsGood: (a: number, b: number) => boolean): PricedAt {
  return points.reduce((best, p) => (atLeastAsGood(p.price.amountCents, best.price.amountCents) ? p : best));
}

/** (current − average) / average · 100 to 2 decimals, half away from zero, exactly (integer cents). */
function deltaPercent(current: number, average: number): number {
  if (average === 0) return 0;
  const hundredths = divideHalfUp(Math.abs(current - average) * 10_000, average);
  // Written out so that a fall rounding to 0 answers 0, not −0.
  return hundredths === 0 ? 0 : (Math.sign(current - average) * hundredths) / 100;
}
