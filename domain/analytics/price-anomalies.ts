// Price anomalies of SPEC §3.9: price changes that are outliers against the product's own history,
// by the robust (modified) z-score of Iglewicz and Hoaglin on daily log price changes.
import { median } from '../catalog/deals';
import type { DailyPrice } from './price-series';

/** Iglewicz and Hoaglin's cut: |modified z| ≥ 3.5 is an outlier. */
export const ANOMALY_SCORE = 3.5;
/** MAD ≈ 0.6745·σ for normal data, so 0.6745·(x − median)/MAD reads as a z-score. */
const MAD_TO_Z = 0.6745;
/**
 * The smallest MAD believed, in log units: that of daily changes with a 5% standard deviation.
 * A product whose price holds still most days has MAD 0, which would make any change an outlier;
 * with the floor a change must move the log price 3.5 × 5% = 0.175 beyond the typical change
 * (about +19% or −16%) to count, which an ordinary promotion or repricing step does not.
 */
export const MIN_MAD = MAD_TO_Z * 0.05;

export interface PriceAnomaly {
  /** The day the price changed (UTC midnight). */
  readonly day: Date;
  readonly amountCents: number;
  /** The price of the day before. */
  readonly previousCents: number;
  /** The modified z-score, rounded to 2 decimals: positive for a rise, negative for a fall. */
  readonly score: number;
}

interface Change {
  readonly day: DailyPrice;
  readonly previous: DailyPrice;
  readonly logChange: number;
}

/**
 * Changes of the daily series whose day is in [from, to) and whose robust z-score has
 * |score| ≥ 3.5, largest |score| first (then the earlier day). The baseline is every daily log
 * change of the series before `to`, unchanged days included (the product's usual day is no
 * change): score = 0.6745·(x − median)/max(MAD, MIN_MAD). Only days whose price changed are
 * candidates; a change to or from a price of 0 has no logarithm and is neither scored nor counted.
 */
export function priceAnomalies(days: readonly DailyPrice[], from: Date, to: Date): PriceAnomaly[] {
  const changes = dailyLogChanges(days, to);
  if (changes.length === 0) return [];
  const center = median(changes.map((c) => c.logChange)) as number;
  const mad = median(changes.map((c) => Math.abs(c.logChange - center))) as number;
  const scale = Math.max(mad, MIN_MAD);

  const anomalies: PriceAnomaly[] = [];
  for (const { day, previous, logChange } of changes) {
    if (logChange === 0 || day.day.getTime() < from.getTime()) continue;
    const score = (MAD_TO_Z * (logChange - center)) / scale;
    if (Math.abs(score) < ANOMALY_SCORE) continue;
    anomalies.push({ day: day.day, amountCents: day.amountCents, previousCents: previous.amountCents, score: Math.round(score * 100) / 100 });
  }
  return anomalies.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.day.getTime() - b.day.getTime());
}

/** The log change of each day from the day before, for the days before `to`, prices of 0 left out. */
function dailyLogChanges(days: readonly DailyPrice[], to: Date): Change[] {
  const changes: Change[] = [];
  for (let i = 1; i < days.length; i += 1) {
    const day = days[i] as DailyPrice;
    const previous = days[i - 1] as DailyPrice;
    if (day.day.getTime() >= to.getTime()) break;
    if (day.amountCents > 0 && previous.amountCents > 0) changes.push({ day, previous, logChange: Math.log(day.amountCents / previous.amountCents) });
  }
  return changes;
}
