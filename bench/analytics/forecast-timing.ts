// The forecast's share of bench/analytics: `forecastDailyPrices` on two years of daily prices
// (SPEC §4: p95 ≤ 20 ms), next to a baseline of the same process: the seasonal-naive forecast
// with its residual spread written out by hand, one pass over the same prices.
import { forecastDailyPrices } from '../../domain/analytics/forecast';
import type { DailyPrice } from '../../domain/analytics/price-series';
import { rng } from '../recommendations/dataset';
import { summarize, type LatencySummary } from '../recommendations/metrics';
import { DAY_MS } from './dataset';

const HISTORY_DAYS = 730;
const HORIZON = 30;
const WARM_UP_RUNS = 5;

/**
 * A product's price as shops move it: a slow random walk around 49.90, weekend discounts, and
 * a promotion of 15-30% off for a few days every month or so.
 */
export function twoYearsOfPrices(seed = 7): DailyPrice[] {
  const random = rng(seed);
  const first = Date.UTC(2024, 11, 1);
  let base = 4990;
  let promotionLeft = 0;
  let promotion = 0;
  return Array.from({ length: HISTORY_DAYS }, (_, d) => {
    base = Math.max(1000, base + Math.round((random() - 0.5) * 60));
    if (promotionLeft === 0 && random() < 1 / 35) {
      promotionLeft = 3 + Math.floor(random() * 5);
      promotion = 0.15 + random() * 0.15;
    }
    const discount = promotionLeft > 0 ? promotion : 0;
    promotionLeft = Math.max(0, promotionLeft - 1);
    const weekday = new Date(first + d * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.05 : 0;
    return { day: new Date(first + d * DAY_MS), amountCents: Math.round(base * (1 - discount - weekend)) };
  });
}

/** ŷ(T+h) = the price of the same weekday in the last week, and the spread of week-on-week changes. */
function seasonalNaive(days: readonly DailyPrice[], horizon: number): { points: number[]; sd: number } {
  const values = days.map((d) => d.amountCents);
  let squares = 0;
  for (let t = 7; t < values.length; t += 1) squares += (values[t]! - values[t - 7]!) ** 2;
  const points = Array.from({ length: horizon }, (_, i) => values[values.length - 7 + (i % 7)]!);
  return { points, sd: Math.sqrt(squares / (values.length - 7)) };
}

function timeSync(runs: number, work: () => unknown): LatencySummary {
  for (let run = 0; run < WARM_UP_RUNS; run += 1) work();
  const ms: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    ms.push(performance.now() - started);
  }
  return summarize(ms);
}

export function timeForecast(runs: number): { forecast: LatencySummary; baseline: LatencySummary } {
  const days = twoYearsOfPrices();
  return {
    forecast: timeSync(runs, () => forecastDailyPrices(days, HORIZON)),
    baseline: timeSync(runs, () => seasonalNaive(days, HORIZON)),
  };
}
