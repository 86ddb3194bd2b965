import { describe, expect, it } from 'vitest';
import type { Order } from '../../../domain/orders/order';
import { MAX_AMOUNT_CENTS } from '../../../domain/shared/money';
import { mergeLines, orderTotal, transition, validateRequestedLines } from '../../../domain/orders/order-rules';
import { canTransition, isPurchase } from '../../../domain/orders/order-status';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('order rules', () => {
  it('merges lines of the same product, keeping first-seen order', () => {
    expect(mergeLines([{ productId: 'b', quantity: 1 }, { productId: 'a', quantity: 2 }, { productId: 'b', quantity: 3 }])).toEqual([
      { productId: 'b', quantity: 4 },
      { productId: 'a', quantity: 2 },
    ]);
  });

  it('totals lines in one currency and refuses mixed currencies', () => {
    expect(orderTotal([{ productId: 'a', quantity: 3, unitPrice: eur(250) }, { productId: 'b', quantity: 1, unitPrice: eur(99) }])).toEqual({
      ok: true,
      value: eur(849),
    });
    const mixed = orderTotal([{ productId: 'a', quantity: 1, unitPrice: eur(1) }, { productId: 'b', quantity: 1, unitPrice: { amountCents: 1, currency: 'USD' } }]);
    expect(mixed.ok ? null : mixed.error.code).toBe('validation_failed');
  });

  it('refuses a total above the largest amount the API answers, and takes one at it', () => {
    const atMost = orderTotal([{ productId: 'a', quantity: 2, unitPrice: eur(MAX_AMOUNT_CENTS / 2) }]);
    expect(atMost).toEqual({ ok: true, value: eur(MAX_AMOUNT_CENTS) });
    const over = orderTotal([{ productId: 'a', quantity: 928, unitPrice: eur(1_671_278_808) }, { productId: 'b', quantity: 1, unitPrice: eur(1) }]);
    expect(over.ok ? null : over.error.details).toEqual([{ path: 'items', message: 'order total too large' }]);
  });

  it('accepts 1..100 lines of 1..1000 units and names every bad line', () => {
    expect(validateRequestedLines([{ productId: 'a', quantity: 1000 }]).ok).toBe(true);
    expect(validateRequestedLines(Array.from({ length: 100 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }))).ok).toBe(true);
    const none = validateRequestedLines([]);
    expect(none.ok ? null : none.error.details).toEqual([{ path: 'items', message: expect.any(String) }]);
    expect(validateRequestedLines(Array.from({ length: 101 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }))).ok).toBe(false);
    const bad = validateRequestedLines([{ productId: 'a', quantity: 0 }, { productId: 'b', quantity: 1.5 }, { productId: 'c', quantity: 1001 }]);
    expect(bad.ok ? null : bad.error.details?.map((d) => d.path)).toEqual(['items.0.quantity', 'items.1.quantity', 'items.2.quantity']);
  });

  it('knows the transition table of SPEC §3.3 and which statuses are purchases', () => {
    expect(canTransition('placed', 'paid')).toBe(true);
    expect(canTransition('delivered', 'refunded')).toBe(true);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    expect(canTransition('placed', 'placed')).toBe(false);
    expect(['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'].filter((s) => isPurchase(s as Order['status']))).toEqual([
      'paid', 'shipped', 'delivered',
    ]);
  });

  it('appends the new status to the history and leaves the order untouched when refused', () => {
    const order: Order = {
      id: 'o', companyId: 'c', userId: 'u', items: [], total: eur(0), status: 'placed',
      placedAt: new Date(0), history: [{ status: 'placed', at: new Date(0) }],
    };
    const paid = transition(order, 'paid', new Date(5));
    expect(paid.ok && paid.value.history).toEqual([{ status: 'placed', at: new Date(0) }, { status: 'paid', at: new Date(5) }]);
    const refused = transition(order, 'delivered', new Date(5));
    expect(refused.ok ? null : refused.error.code).toBe('invalid_transition');
    expect(order.status).toBe('placed');
    expect(order.history).toHaveLength(1);
  });
});
