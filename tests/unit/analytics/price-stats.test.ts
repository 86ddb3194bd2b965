import { describe, expect, it } from 'vitest';
import { priceStats } from '../../../domain/analytics/price-stats';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const point = (iso: string, amountCents: number, currency = 'EUR') => ({ price: { amountCents, currency }, at: new Date(iso) });
const DAY = 86_400_000;

describe('priceStats', () => {
  const now = new Date('2026-06-30T12:00:00Z');
  const history = [
    point('2025-11-01T00:00:00Z', 50, 'USD'), // another currency: not read
    point('2025-12-01T00:00:00Z', 2000),
    point('2026-03-15T08:00:00Z', 1900),
    point('2026-05-01T10:00:00Z', 1800),
    point('2026-06-20T09:00:00Z', 1200),
    point('2026-06-29T15:00:00Z', 1600),
    point('2026-07-01T00:00:00Z', 100), // after now: not read
  ];

  it('computes each statistic by its definition (hand-computed)', () => {
    expect(priceStats([...history].reverse(), now)).toEqual({
      current: eur(1600),
      // Jun 1–30: 19 days at 1800, 9 at 1200, 2 at 1600 = 48 200 / 30 = 1606.67.
      avg30: eur(1607),
      // Apr 2–Jun 30: 29 days at 1900, 50 at 1800, 9 at 1200, 2 at 1600 = 159 100 / 90 = 1767.78.
      avg90: eur(1768),
      // Jan 2–Jun 30: 72 days at 2000, 47 at 1900, 50 at 1800, 9 at 1200, 2 at 1600 = 337 300 / 180 = 1873.89.
      avg180: eur(1874),
      min90: { price: eur(1200), at: new Date('2026-06-20T09:00:00Z') },
      // In force when the 90 days began (Apr 2), though set before.
      max90: { price: eur(1900), at: new Date('2026-03-15T08:00:00Z') },
      minAllTime: eur(1200),
      maxAllTime: eur(2000),
      isLowest90: false,
      // (1600 − 1607) / 1607 = −0.4356%; (1600 − 1768) / 1768 = −9.5023%.
      deltaPercent30: -0.44,
      deltaPercent90: -9.5,
    });
  });

  it('drops the price in force before the 90 days when a point is set on their first instant', () => {
    const points = [point('2026-03-15T08:00:00Z', 1900), point('2026-04-02T00:00:00Z', 1000), point('2026-06-01T00:00:00Z', 1100)];
    const stats = priceStats(points, now)!;
    expect(stats.max90).toEqual({ price: eur(1100), at: new Date('2026-06-01T00:00:00Z') });
    expect(stats.maxAllTime).toEqual(eur(1900));
  });

  it('averages the days there are while the history is younger than the window', () => {
    // Jun 28: 1000, Jun 29: 1000, Jun 30: 1300 → 3300 / 3 = 1100 for every window.
    const stats = priceStats([point('2026-06-28T08:00:00Z', 1000), point('2026-06-30T08:00:00Z', 1300)], now)!;
    expect([stats.avg30, stats.avg90, stats.avg180]).toEqual([eur(1100), eur(1100), eur(1100)]);
    expect(stats.deltaPercent30).toBe(18.18);
  });

  it('is at the lowest of 90 days when the current price equals it, the latest point naming the time', () => {
    const days = (n: number) => new Date(now.getTime() - n * DAY).toISOString();
    const stats = priceStats([point(days(10), 1000), point(days(5), 1200), point(days(1), 1000)], now)!;
    expect(stats.isLowest90).toBe(true);
    expect(stats.min90).toEqual({ price: eur(1000), at: new Date(days(1)) });
    expect(stats.max90).toEqual({ price: eur(1200), at: new Date(days(5)) });
  });

  it('rounds the deltas half away from zero, exactly', () => {
    // 29 days at 32 and today at 33: 961 / 30 = 32.03 → 32; (33 − 32) / 32 = 3.125% → 3.13.
    const rising = priceStats([point('2026-06-01T00:00:00Z', 32), point('2026-06-30T00:00:00Z', 33)], now)!;
    expect(rising.avg30).toEqual(eur(32));
    expect(rising.deltaPercent30).toBe(3.13);
    // 29 days at 32 and today at 31: 959 / 30 = 31.97 → 32; −3.125% → −3.13.
    const falling = priceStats([point('2026-06-01T00:00:00Z', 32), point('2026-06-30T00:00:00Z', 31)], now)!;
    expect(falling.deltaPercent30).toBe(-3.13);
  });

  it('answers 0 for a delta against a zero average, and 0 (not −0) for a fall that rounds away', () => {
    const free = priceStats([point('2026-06-30T00:00:00Z', 0)], now)!;
    expect(free.deltaPercent30).toBe(0);
    // 89 days at 100 000 and today at 99 999: average 99 999.99 → 100 000; −0.001% → 0.
    const tiny = priceStats([point('2026-04-02T00:00:00Z', 100_000), point('2026-06-30T00:00:00Z', 99_999)], now)!;
    expect(Object.is(tiny.deltaPercent90, 0)).toBe(true);
  });

  it('is the one price of a history of one point', () => {
    expect(priceStats([point('2026-06-30T11:00:00Z', 4999)], now)).toEqual({
      current: eur(4999),
      avg30: eur(4999),
      avg90: eur(4999),
      avg180: eur(4999),
      min90: { price: eur(4999), at: new Date('2026-06-30T11:00:00Z') },
      max90: { price: eur(4999), at: new Date('2026-06-30T11:00:00Z') },
      minAllTime: eur(4999),
      maxAllTime: eur(4999),
      isLowest90: true,
      deltaPercent30: 0,
      deltaPercent90: 0,
    });
  });

  it('is null without a point at or before now', () => {
    expect(priceStats([], now)).toBeNull();
    expect(priceStats([point('2026-07-01T00:00:00Z', 100)], now)).toBeNull();
  });
});
