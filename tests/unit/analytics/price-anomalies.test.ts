import { describe, expect, it } from 'vitest';
import { MIN_MAD, priceAnomalies } from '../../../domain/analytics/price-anomalies';
import type { DailyPrice } from '../../../domain/analytics/price-series';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const dayAt = (i: number) => new Date(START + i * DAY);
const daily = (values: readonly number[]): DailyPrice[] => values.map((amountCents, i) => ({ day: dayAt(i), amountCents }));
const everything = [dayAt(0), dayAt(10_000)] as const;
const flat = (days: number, price: number) => new Array<number>(days).fill(price);

describe('priceAnomalies', () => {
  it('finds a spike in a flat price, up then back down, largest first', () => {
    const values = flat(60, 1000);
    values[40] = 1600;
    // Median and MAD of the changes are 0: the floor (a 5% spread) scales, score = ln(1.6)/0.05 = 9.40.
    expect(priceAnomalies(daily(values), ...everything)).toEqual([
      { day: dayAt(40), amountCents: 1600, previousCents: 1000, score: 9.4 },
      { day: dayAt(41), amountCents: 1000, previousCents: 1600, score: -9.4 },
    ]);
  });

  it('gives a fall a negative score', () => {
    const values = flat(60, 1000);
    values[30] = 400;
    const [fall, recovery] = priceAnomalies(daily(values), ...everything);
    // ln(0.4)/0.05 = −18.33.
    expect(fall).toEqual({ day: dayAt(30), amountCents: 400, previousCents: 1000, score: -18.33 });
    expect(recovery).toMatchObject({ day: dayAt(31), score: 18.33 });
  });

  it("scores against the product's own spread: a doubling in a price that moves ±10% a day", () => {
    // Changes cycle +ln 1.1, −ln 1.1, −ln(10/9), +ln(10/9): median 0, MAD (ln 1.1 + ln(10/9))/2 = 0.10034.
    const values = [...new Array(10).fill([1000, 1100, 1000, 900]).flat(), 2000, 1000, 1100];
    // 0.6745·ln(2000/900)/0.10034 = 5.37; 0.6745·ln(1000/2000)/0.10034 = −4.66.
    expect(priceAnomalies(daily(values), ...everything)).toEqual([
      { day: dayAt(40), amountCents: 2000, previousCents: 900, score: 5.37 },
      { day: dayAt(41), amountCents: 1000, previousCents: 2000, score: -4.66 },
    ]);
  });

  it('finds nothing in a steady price, nor in the usual moves of a moving one', () => {
    expect(priceAnomalies(daily(flat(90, 1999)), ...everything)).toEqual([]);
    // 40 changes, ten of each of ±ln 1.1 and ±ln(10/9): median 0, MAD 0.10034, every |score| ≤ 0.71.
    expect(priceAnomalies(daily([...new Array(10).fill([1000, 1100, 1000, 900]).flat(), 1000]), ...everything)).toEqual([]);
  });

  it('does not flag a single ordinary step; a cut beyond the floor is an outlier', () => {
    // ln(1799/1999)/0.05 = −2.11: a 10% cut is ordinary.
    expect(priceAnomalies(daily([...flat(60, 1999), ...flat(30, 1799)]), ...everything)).toEqual([]);
    // ln(1399/1999)/0.05 = −7.14: a 30% cut is not.
    expect(priceAnomalies(daily([...flat(60, 1999), ...flat(30, 1399)]), ...everything)).toEqual([
      { day: dayAt(60), amountCents: 1399, previousCents: 1999, score: -7.14 },
    ]);
  });

  it('floors the MAD at that of a 5% daily spread', () => {
    expect(MIN_MAD).toBeCloseTo(0.6745 * 0.05, 12);
  });

  it('reports only changes in [from, to), against the history before `to`', () => {
    const values = flat(60, 1000);
    values[40] = 1600;
    const series = daily(values);
    expect(priceAnomalies(series, dayAt(41), dayAt(60)).map((a) => a.day)).toEqual([dayAt(41)]);
    expect(priceAnomalies(series, dayAt(0), dayAt(41)).map((a) => a.day)).toEqual([dayAt(40)]);
    expect(priceAnomalies(series, dayAt(42), dayAt(60))).toEqual([]);
    // Days from `to` on are not the baseline: a history that later moves ±30% every day leaves the spike an outlier.
    const later = [...values, ...new Array(100).fill([1000, 1300]).flat()];
    expect(priceAnomalies(daily(later), dayAt(0), dayAt(42)).map((a) => a.day)).toEqual([dayAt(40), dayAt(41)]);
    expect(priceAnomalies(daily(later), dayAt(0), dayAt(300))).toEqual([]);
  });

  it('leaves out changes to and from a price of 0, and a history without changes', () => {
    const values = flat(30, 1000);
    values[10] = 0;
    expect(priceAnomalies(daily(values), ...everything)).toEqual([]);
    expect(priceAnomalies(daily([1000]), ...everything)).toEqual([]);
    expect(priceAnomalies([], ...everything)).toEqual([]);
  });
});
