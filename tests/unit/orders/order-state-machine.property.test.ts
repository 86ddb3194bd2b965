// The order status machine against a model of SPEC §3.3's transition table, driven by
// random transitions: in the domain alone, and through the use case with stock and sales.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaceOrder } from '../../../application/orders/place-order';
import { TransitionOrder } from '../../../application/orders/transition-order';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../../domain/orders/order';
import { transition } from '../../../domain/orders/order-rules';
import { byCodePoint } from '../../../domain/shared/code-point-order';
import { commerce } from './commerce-fixture';

const ALLOWED = new Set([
  'placed>paid', 'paid>shipped', 'shipped>delivered', 'placed>cancelled', 'paid>cancelled',
  'paid>refunded', 'shipped>refunded', 'delivered>refunded',
]);
const status = fc.constantFrom(...ORDER_STATUSES);

const newOrder = (): Order => ({
  id: 'o', companyId: 'c', userId: 'u', items: [], total: { amountCents: 0, currency: 'EUR' },
  status: 'placed', placedAt: new Date(0), history: [{ status: 'placed', at: new Date(0) }],
});

describe('order status machine', () => {
  it('allows exactly the transitions of the table and records each in the history', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 20 }), (targets) => {
        let order = newOrder();
        for (const to of targets) {
          const result = transition(order, to, new Date(1));
          const allowed = ALLOWED.has(`${order.status}>${to}`);
          expect(result.ok).toBe(allowed);
          if (result.ok) {
            expect(result.value.history).toHaveLength(order.history.length + 1);
            order = result.value;
          } else {
            expect(result.error.code).toBe('invalid_transition');
          }
        }
      }),
    );
  });

  it('keeps stock, sold counts and history consistent through the use case', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.array(status, { maxLength: 12 }), async (qa, qb, targets) => {
        const w = commerce();
        const staff = await w.member('c', 'staff');
        const [a, b] = [await w.product('c', { stock: 10 }), await w.product('c', { stock: 7 })];
        const placed = await new PlaceOrder(w.uow, w.ids, w.clock).execute({
          actor: staff, items: [{ productId: a.id, quantity: qa }, { productId: b.id, quantity: qb }],
        });
        if (!placed.ok) throw new Error(placed.error.message);
        const move = new TransitionOrder(w.uow, w.ids, w.clock);
        let model: OrderStatus = 'placed';
        let history: OrderStatus[] = ['placed'];
        for (const to of targets) {
          const before = await w.uow.read((r) => r.orders.byId('c', placed.value.id));
          const result = await move.execute({ actor: staff, id: placed.value.id, to });
          if (ALLOWED.has(`${model}>${to}`)) {
            expect(result.ok).toBe(true);
            model = to;
            history = [...history, to];
          } else {
            expect(result.ok ? null : result.error.code).toBe('invalid_transition');
            expect(await w.uow.read((r) => r.orders.byId('c', placed.value.id))).toEqual(before);
          }
        }
        const order = await w.uow.read((r) => r.orders.byId('c', placed.value.id));
        expect(order?.status).toBe(model);
        expect(order?.history.map((h) => h.status)).toEqual(history);
        const restocked = model === 'cancelled';
        expect([await w.stockOf('c', a.id), await w.stockOf('c', b.id)]).toEqual(restocked ? [10, 7] : [10 - qa, 7 - qb]);
        const counted = ['paid', 'shipped', 'delivered'].includes(model);
        expect([w.soldOf(a.id), w.soldOf(b.id)]).toEqual(counted ? [qa, qb] : [0, 0]);
        const popularity = (await w.uow.read((r) => r.orders.topPurchasedSince('c', new Date(0), { limit: 10 }))).items;
        expect(popularity).toEqual(counted ? [{ productId: a.id, units: qa }, { productId: b.id, units: qb }].sort((x, y) => y.units - x.units || byCodePoint(x.productId, y.productId)) : []);
        expect(await w.events('OrderStatusChanged')).toHaveLength(history.length - 1);
      }),
      { numRuns: 80 },
    );
  });
});
