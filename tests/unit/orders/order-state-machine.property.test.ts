// The order status machine against a model of SPEC §3.3's transition table, driven by
// random transitions: in the domain alone, and through the use case with stock and sales.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaceOrder } from '../../../application/orders/place-order';
import { TransitionOrder } from '../../../application/orders/transition-order';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import { UuidV7Ids } from '../../../adapters/system/uuid-v7-ids';
import type { Actor } from '../../../domain/identity/actor';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../../domain/orders/order';
import { transition } from '../../../domain/orders/order-rules';
import { ok } from '../../../domain/shared/result';

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

  it('keeps stock and sold counts consistent through the use case', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(status, { maxLength: 12 }), async (quantity, targets) => {
        const uow = new InMemoryUnitOfWork(new MemoryStore());
        const ids = new UuidV7Ids();
        const clock = new FixedClock();
        const staff: Actor = { userId: 'staff', companyId: 'c', role: 'staff' };
        await uow.run(async (tx) => {
          await tx.products.save({
            id: 'p', companyId: 'c', sku: 'P', name: 'P', description: '', categoryId: null, brand: null, tags: [], attributes: {},
            price: { amountCents: 100, currency: 'EUR' }, stock: 10, imageUrl: null, status: 'active', createdAt: clock.now(), updatedAt: clock.now(),
          });
          return ok(undefined);
        });
        const placed = await new PlaceOrder(uow, ids, clock).execute({ actor: staff, items: [{ productId: 'p', quantity }] });
        if (!placed.ok) throw new Error(placed.error.message);
        const move = new TransitionOrder(uow, ids, clock);
        let model: OrderStatus = 'placed';
        for (const to of targets) {
          const result = await move.execute({ actor: staff, id: placed.value.id, to });
          expect(result.ok).toBe(ALLOWED.has(`${model}>${to}`));
          if (result.ok) model = to;
        }
        const stock = await uow.read(async (r) => (await r.products.byId('c', 'p'))?.stock);
        expect(stock).toBe(model === 'cancelled' ? 10 : 10 - quantity);
        const popularity = await uow.read((r) => r.orders.topPurchasedSince('c', new Date(0), 10));
        const counted = ['paid', 'shipped', 'delivered'].includes(model);
        expect(popularity).toEqual(counted ? [{ productId: 'p', units: quantity }] : []);
        expect((await uow.read((r) => r.orders.byId('c', placed.value.id)))?.status).toBe(model);
      }),
      { numRuns: 60 },
    );
  });
});
