// The price-drop and back-in-stock rules of SPEC §3.8, over whole price histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backInStock, priceDrop } from '../../../domain/notifications/alert-rules';
import type { Money } from '../../../domain/shared/money';

const eur = (amountCents: number): Money => ({ amountCents, currency: 'EUR' });

/** Follows one watch through a history of prices; resolves with the indexes at which it fired. */
function firesOver(target: Money | null, prices: readonly Money[]): number[] {
  let reference = prices[0]!;
  const fired: number[] = [];
  for (let i = 1; i < prices.length; i += 1) {
    const decision = priceDrop({ target, reference }, prices[i - 1]!, prices[i]!);
    reference = decision.reference;
    if (decision.fire) fired.push(i);
  }
  return fired;
}

const history = fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 2, maxLength: 40 }).map((cents) => cents.map(eur));

describe('price_drop with a target', () => {
  it('fires on every crossing from above the target to at or below it, and only then', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 2000 }), (prices, target) => {
        const crossings = prices.flatMap((p, i) => (i > 0 && prices[i - 1]!.amountCents > target && p.amountCents <= target ? [i] : []));
        expect(firesOver(eur(target), prices)).toEqual(crossings);
      }),
    );
  });

  it('does not fire when the price was already at or below the target, nor across currencies', () => {
    expect(firesOver(eur(1000), [eur(900), eur(800), eur(700)])).toEqual([]);
    expect(priceDrop({ target: eur(1000), reference: eur(1200) }, { amountCents: 1200, currency: 'USD' }, eur(900)).fire).toBe(false);
  });

  it('re-arms once the price went above the target again', () => {
    expect(firesOver(eur(1000), [eur(1200), eur(1000), eur(900), eur(1100), eur(950), eur(940)])).toEqual([1, 4]);
  });
});

describe('price_drop without a target', () => {
  it('fires at 90% of the reference or less, and measures the next drop from the price it fired at', () => {
    // 100.00 → 91.00 (not yet) → 90.00 (fires, reference 90.00) → 85.00 (not 90% of 90) → 81.00 (fires).
    expect(firesOver(null, [eur(10000), eur(9100), eur(9000), eur(8500), eur(8100)])).toEqual([2, 4]);
  });

  it('never fires while the price stays above 90% of the last reference, however often it moves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 9001, max: 20000 }), { minLength: 1, maxLength: 30 }), (cents) => {
        expect(firesOver(null, [eur(10000), ...cents.map(eur)])).toEqual([]);
      }),
    );
  });

  it('starts again from the new price when the currency changes', () => {
    const decision = priceDrop({ target: null, reference: eur(10000) }, eur(10000), { amountCents: 5000, currency: 'USD' });
    expect(decision).toEqual({ fire: false, reference: { amountCents: 5000, currency: 'USD' } });
  });
});

describe('back_in_stock', () => {
  it('fires from none to some only', () => {
    expect(backInStock(0, 1)).toBe(true);
    expect(backInStock(0, 0)).toBe(false);
    expect(backInStock(2, 5)).toBe(false);
    expect(backInStock(1, 0)).toBe(false);
  });
});
