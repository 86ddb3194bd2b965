import { beforeEach, describe, expect, it } from 'vitest';
import { PlaceOrder } from '../../../application/orders/place-order';
import { TransitionOrder } from '../../../application/orders/transition-order';
import type { Actor } from '../../../domain/identity/actor';
import type { Order, OrderStatus } from '../../../domain/orders/order';
import { commerce, type Commerce } from './commerce-fixture';

describe('TransitionOrder', () => {
  let w: Commerce;
  let move: TransitionOrder;
  let alice: Actor;
  let staff: Actor;
  let productId: string;

  const placeFor = async (actor: Actor, quantity = 2): Promise<Order> => {
    const placed = await new PlaceOrder(w.uow, w.ids, w.clock).execute({ actor, items: [{ productId, quantity }] });
    if (!placed.ok) throw new Error(placed.error.message);
    return placed.value;
  };
  const to = async (actor: Actor, id: string, status: OrderStatus) => move.execute({ actor, id, to: status });

  beforeEach(async () => {
    w = commerce();
    move = new TransitionOrder(w.uow, w.ids, w.clock);
    alice = await w.member('acme');
    staff = await w.member('acme', 'staff');
    productId = (await w.product('acme', { stock: 10 })).id;
  });

  it('moves along the machine, appending history and writing OrderStatusChanged', async () => {
    const order = await placeFor(alice);
    w.clock.advance(60_000);
    const paid = await to(staff, order.id, 'paid');
    expect(paid.ok && paid.value.history).toEqual([...order.history, { status: 'paid', at: w.clock.now() }]);
    expect((await w.events('OrderStatusChanged')).map((e) => e.payload)).toEqual([
      { orderId: order.id, userId: alice.userId, from: 'placed', to: 'paid', items: order.items },
    ]);
    expect((await w.uow.read((r) => r.orders.byId('acme', order.id)))?.status).toBe('paid');
  });

  it('refuses transitions outside the table with invalid_transition and changes nothing', async () => {
    const order = await placeFor(alice);
    const refused = await to(staff, order.id, 'shipped');
    expect(refused.ok ? null : refused.error.code).toBe('invalid_transition');
    expect(await w.uow.read((r) => r.orders.byId('acme', order.id))).toEqual(order);
    expect(await w.events('OrderStatusChanged')).toEqual([]);
  });

  it('restocks on cancel with StockChanged', async () => {
    const order = await placeFor(alice, 3);
    expect(await w.stockOf('acme', productId)).toBe(7);
    const cancelled = await to(staff, order.id, 'cancelled');
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    expect(await w.stockOf('acme', productId)).toBe(10);
    expect((await w.events('StockChanged')).map((e) => e.payload).at(-1)).toEqual({ productId, previous: 7, current: 10 });
  });

  it('counts a sale when paid, uncounts it on refund and does not restock refunds', async () => {
    const order = await placeFor(alice, 2);
    await to(staff, order.id, 'paid');
    expect(w.soldOf(productId)).toBe(2);
    await to(staff, order.id, 'shipped');
    await to(staff, order.id, 'delivered');
    expect(w.soldOf(productId)).toBe(2);
    const refunded = await to(staff, order.id, 'refunded');
    expect(refunded.ok && refunded.value.history.map((h) => h.status)).toEqual(['placed', 'paid', 'shipped', 'delivered', 'refunded']);
    expect(w.soldOf(productId)).toBe(0);
    expect(await w.stockOf('acme', productId)).toBe(8);
  });

  it('uncounts the sale and restocks when a paid order is cancelled', async () => {
    const order = await placeFor(alice, 4);
    await to(staff, order.id, 'paid');
    await to(staff, order.id, 'cancelled');
    expect([w.soldOf(productId), await w.stockOf('acme', productId)]).toEqual([0, 10]);
  });

  it('lets a customer cancel only their own placed order', async () => {
    const bob = await w.member('acme');
    const order = await placeFor(alice);
    const notTheirs = await to(bob, order.id, 'cancelled');
    expect(notTheirs.ok ? null : notTheirs.error.code).toBe('not_found');
    const pay = await to(alice, order.id, 'paid');
    expect(pay.ok ? null : pay.error.code).toBe('forbidden');
    const cancel = await to(alice, order.id, 'cancelled');
    expect(cancel.ok && cancel.value.status).toBe('cancelled');

    const paidOrder = await placeFor(alice);
    await to(staff, paidOrder.id, 'paid');
    const late = await to(alice, paidOrder.id, 'cancelled');
    expect(late.ok ? null : late.error.code).toBe('forbidden');
  });

  it('reports missing and other companies\' orders as not found', async () => {
    const order = await placeFor(alice);
    const otherStaff = await w.member('globex', 'owner');
    for (const [actor, id] of [[otherStaff, order.id], [staff, 'ghost']] as const) {
      const result = await to(actor, id, 'paid');
      expect(result.ok ? null : result.error.code).toBe('not_found');
    }
  });
});
