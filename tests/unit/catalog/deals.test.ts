import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dealOf, dealWindowStart, median } from '../../../domain/catalog/deals';
import type { PricePoint } from '../../../domain/catalog/price-point';

const DAY = 86_400_000;
const now = new Date('2026-03-31T00:00:00Z');
const start = dealWindowStart(now);
const point = (daysAgo: number, amountCents: number, currency = 'EUR'): PricePoint => ({
  id: `pp-${daysAgo}-${amountCents}`, companyId: 'acme', productId: 'p', price: { amountCents, currency }, at: new Date(now.getTime() - daysAgo * DAY),
});
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('lies between the smallest and the largest value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1 }), (values) => {
        const m = median(values) as number;
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});

describe('dealOf', () => {
  it('opens the window 30 days back', () => {
    expect(start.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('compares the current price with the median of the window, counting the price in force at its start', () => {
    // In force since 40 days ago: 1000; then 1200 and 800 inside the window. Median of 1000, 1200, 800 = 1000.
    const history = [point(40, 1000), point(10, 1200), point(2, 800)];
    expect(dealOf(eur(800), 'p', history, start)).toEqual({ productId: 'p', currentPrice: eur(800), medianPrice: eur(1000), dropPercent: 20 });
  });

  it('ignores prices that were replaced before the window opened', () => {
    const history = [point(90, 5000), point(60, 4000), point(40, 1000), point(1, 900)];
    expect(dealOf(eur(900), 'p', history, start)).toMatchObject({ medianPrice: eur(950), dropPercent: 5.26 });
  });

  it('is no deal at or above the median, without history, or in another currency', () => {
    expect(dealOf(eur(1000), 'p', [point(40, 1000)], start)).toBeNull();
    expect(dealOf(eur(1100), 'p', [point(40, 1000), point(5, 1100)], start)).toBeNull();
    expect(dealOf(eur(900), 'p', [], start)).toBeNull();
    expect(dealOf(eur(900), 'p', [point(5, 2000, 'USD'), point(1, 900)], start)).toBeNull();
  });

  it('is no deal for a product free all window long: a zero median has no drop to measure', () => {
    expect(dealOf(eur(0), 'p', [point(40, 0), point(3, 0)], start)).toBeNull();
    expect(dealOf(eur(0), 'p', [point(40, 0), point(9, 500), point(3, 0)], start)).toBeNull();
  });

  it('reports a drop between 0 and 100 percent with two decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 100_000 }), (prices, current) => {
        const history = prices.map((cents, i) => point(29 - i, cents));
        const deal = dealOf(eur(current), 'p', history, start);
        if (!deal) return;
        expect(Number.isFinite(deal.dropPercent)).toBe(true);
        expect(deal.dropPercent).toBeGreaterThan(0);
        expect(deal.dropPercent).toBeLessThanOrEqual(100);
        expect(Math.round(deal.dropPercent * 100)).toBeCloseTo(deal.dropPercent * 100, 6);
        expect(deal.medianPrice.amountCents).toBeGreaterThanOrEqual(current);
      }),
    );
  });
});
