import { describe, expect, it } from 'vitest';
import { dailyPriceSeries } from '../../../domain/analytics/price-series';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const at = (iso: string) => new Date(iso);
const day = (date: string, amountCents: number) => ({ day: new Date(`${date}T00:00:00.000Z`), amountCents });

describe('dailyPriceSeries', () => {
  it("takes each UTC day's last price, carries it over days without a change, through the day of `through`", () => {
    const points = [
      { price: eur(900), at: at('2026-03-03T09:00:00Z') },
      { price: eur(1100), at: at('2026-03-01T18:00:00Z') },
      { price: eur(500), at: at('2026-03-05T01:00:00Z') }, // after `through`: not read
      { price: eur(1000), at: at('2026-03-01T10:00:00Z') },
    ];
    expect(dailyPriceSeries(points, at('2026-03-04T12:00:00Z'))).toEqual({
      currency: 'EUR',
      days: [day('2026-03-01', 1100), day('2026-03-02', 1100), day('2026-03-03', 900), day('2026-03-04', 900)],
    });
  });

  it('puts a point at the last millisecond of a day in that day, and one at midnight in the next', () => {
    const points = [
      { price: eur(100), at: at('2026-03-01T00:00:00Z') },
      { price: eur(200), at: at('2026-03-01T23:59:59.999Z') },
      { price: eur(300), at: at('2026-03-02T00:00:00Z') },
    ];
    expect(dailyPriceSeries(points, at('2026-03-02T00:00:00Z'))?.days).toEqual([day('2026-03-01', 200), day('2026-03-02', 300)]);
  });

  it('counts a point at the instant `through`, and is null when no point is at or before it', () => {
    const points = [{ price: eur(700), at: at('2026-03-01T10:00:00Z') }];
    expect(dailyPriceSeries(points, at('2026-03-01T10:00:00Z'))?.days).toEqual([day('2026-03-01', 700)]);
    expect(dailyPriceSeries(points, at('2026-03-01T09:59:59.999Z'))).toBeNull();
    expect(dailyPriceSeries([], at('2026-03-01T10:00:00Z'))).toBeNull();
  });

  it('of points at the same instant, keeps the later one in the given order', () => {
    const instant = at('2026-03-01T10:00:00Z');
    const points = [{ price: eur(1), at: instant }, { price: eur(2), at: instant }];
    expect(dailyPriceSeries(points, instant)?.days).toEqual([day('2026-03-01', 2)]);
  });

  it("is in the latest point's currency and reads only points in it", () => {
    const points = [
      { price: eur(1000), at: at('2026-03-01T10:00:00Z') },
      { price: { amountCents: 1200, currency: 'USD' }, at: at('2026-03-02T10:00:00Z') },
      { price: eur(950), at: at('2026-03-03T10:00:00Z') },
      { price: { amountCents: 1300, currency: 'USD' }, at: at('2026-03-04T10:00:00Z') },
    ];
    expect(dailyPriceSeries(points, at('2026-03-05T10:00:00Z'))).toEqual({
      currency: 'USD',
      days: [day('2026-03-02', 1200), day('2026-03-03', 1200), day('2026-03-04', 1300), day('2026-03-05', 1300)],
    });
    // Before the second USD point, EUR's 950 is the latest.
    expect(dailyPriceSeries(points, at('2026-03-03T12:00:00Z'))).toEqual({
      currency: 'EUR',
      days: [day('2026-03-01', 1000), day('2026-03-02', 1000), day('2026-03-03', 950)],
    });
  });
});
