import { beforeEach, describe, expect, it } from 'vitest';
import { GetInvoice } from '../../../application/orders/get-invoice';
import { ListTrending } from '../../../application/orders/list-trending';
import { PlaceOrder } from '../../../application/orders/place-order';
import { GetOrder, ListOrders } from '../../../application/orders/read-orders';
import { TransitionOrder } from '../../../application/orders/transition-order';
import type { Actor } from '../../../domain/identity/actor';
import type { Order, OrderStatus } from '../../../domain/orders/order';
import { ok } from '../../../domain/shared/result';
import { commerce, eur, type Commerce } from './commerce-fixture';

describe('reading orders', () => {
  let w: Commerce;
  let alice: Actor;
  let bob: Actor;
  let staff: Actor;

  const buy = async (actor: Actor, productId: string, quantity = 1, statuses: OrderStatus[] = []): Promise<Order> => {
    const placed = await new PlaceOrder(w.uow, w.ids, w.clock).execute({ actor, items: [{ productId, quantity }] });
    if (!placed.ok) throw new Error(placed.error.message);
    let order = placed.value;
    for (const to of statuses) {
      const moved = await new TransitionOrder(w.uow, w.ids, w.clock).execute({ actor: staff, id: order.id, to });
      if (!moved.ok) throw new Error(moved.error.message);
      order = moved.value;
    }
    w.clock.advance(1000);
    return order;
  };

  beforeEach(async () => {
    w = commerce();
    alice = await w.member('acme', 'customer', 'Alice');
    bob = await w.member('acme');
    staff = await w.member('acme', 'staff');
  });

  describe('ListOrders and GetOrder', () => {
    it('shows customers their own orders, newest first, and staff every order with filters', async () => {
      const p = await w.product('acme', { stock: 100 });
      const a1 = await buy(alice, p.id);
      const b1 = await buy(bob, p.id);
      const a2 = await buy(alice, p.id, 1, ['paid']);
      const list = new ListOrders(w.uow);
      const ids = async (actor: Actor, filter: { userId?: string; status?: OrderStatus } = {}) => {
        const page = await list.execute({ actor, ...filter, page: { limit: 10 } });
        return page.ok ? page.value.items.map((o) => o.id) : [];
      };
      expect(await ids(alice)).toEqual([a2.id, a1.id]);
      expect(await ids(alice, { userId: bob.userId })).toEqual([a2.id, a1.id]);
      expect(await ids(staff)).toEqual([a2.id, b1.id, a1.id]);
      expect(await ids(staff, { userId: bob.userId })).toEqual([b1.id]);
      expect(await ids(staff, { status: 'paid' })).toEqual([a2.id]);
      const first = await list.execute({ actor: staff, page: { limit: 2 } });
      expect(first.ok && first.value.nextCursor).toBeTruthy();
      const rest = await list.execute({ actor: staff, page: { limit: 2, cursor: (first.ok && first.value.nextCursor) || undefined } });
      expect(rest.ok && rest.value.items.map((o) => o.id)).toEqual([a1.id]);
    });

    it('reads an order for its owner and staff; others get not_found', async () => {
      const p = await w.product('acme');
      const order = await buy(alice, p.id);
      const get = new GetOrder(w.uow);
      expect(await get.execute({ actor: alice, id: order.id })).toEqual(ok(order));
      expect(await get.execute({ actor: staff, id: order.id })).toEqual(ok(order));
      const foreignOwner = await w.member('globex', 'owner');
      for (const actor of [bob, foreignOwner]) {
        const result = await get.execute({ actor, id: order.id });
        expect(result.ok ? null : result.error.code).toBe('not_found');
      }
    });
  });

  describe('GetInvoice', () => {
    it('prices lines as ordered, names products as they are now, and follows the order access rule', async () => {
      await w.uow.run(async (tx) => {
        await tx.companies.save({ id: 'acme', name: 'Acme Ltd', slug: 'acme', createdAt: w.clock.now() });
        return ok(undefined);
      });
      const p = await w.product('acme', { sku: 'LAMP-1', name: 'Lamp', price: eur(450) });
      const order = await buy(alice, p.id, 3);
      await w.product('acme', { ...p, name: 'Desk lamp', price: eur(999) });
      const invoice = await new GetInvoice(w.uow).execute({ actor: alice, id: order.id });
      expect(invoice).toEqual(
        ok({
          invoiceNumber: expect.stringMatching(/^INV-20260301-[0-9A-Z-]{8}$/),
          orderId: order.id,
          issuedAt: order.placedAt,
          status: 'placed',
          seller: { name: 'Acme Ltd' },
          customer: { id: alice.userId, displayName: 'Alice', email: `${alice.userId}@example.test` },
          lines: [{ productId: p.id, sku: 'LAMP-1', name: 'Desk lamp', quantity: 3, unitPrice: eur(450), lineTotal: eur(1350) }],
          total: eur(1350),
        }),
      );
      const hidden = await new GetInvoice(w.uow).execute({ actor: bob, id: order.id });
      expect(hidden.ok ? null : hidden.error.code).toBe('not_found');
    });
  });

  describe('ListTrending', () => {
    it('ranks active products by units of orders that reached paid in the last 7 days', async () => {
      const [hot, warm, cold, refunded, gone] = await Promise.all([1, 2, 3, 4, 5].map(() => w.product('acme', { stock: 100 })));
      const old = await w.product('acme', { stock: 100 });
      await buy(alice, old!.id, 50, ['paid']);
      w.clock.advance(8 * 86_400_000);
      await buy(alice, hot!.id, 5, ['paid']);
      await buy(bob, hot!.id, 1, ['paid', 'shipped', 'delivered']);
      await buy(alice, warm!.id, 2, ['paid']);
      await buy(alice, cold!.id, 9);
      await buy(alice, cold!.id, 9, ['paid', 'cancelled']);
      await buy(alice, refunded!.id, 9, ['paid', 'refunded']);
      await buy(alice, gone!.id, 20, ['paid']);
      await w.product('acme', { ...gone!, status: 'archived' });

      const trending = new ListTrending(w.uow, w.clock);
      const ranked = async (limit: number, cursor?: string) => {
        const result = await trending.execute({ actor: bob, page: { limit, cursor } });
        if (!result.ok) throw new Error('trending failed');
        return { items: result.value.items.map((i) => [i.product.id, i.units]), nextCursor: result.value.nextCursor };
      };
      expect(await ranked(10)).toEqual({ items: [[hot!.id, 6], [warm!.id, 2]], nextCursor: null });
      // The archived best seller comes first in the counts: the page asks again past it.
      const first = await ranked(1);
      expect(first.items).toEqual([[hot!.id, 6]]);
      expect(await ranked(1, first.nextCursor ?? undefined)).toEqual({ items: [[warm!.id, 2]], nextCursor: null });
      const elsewhere = await trending.execute({ actor: await w.member('globex'), page: { limit: 10 } });
      expect(elsewhere).toEqual(ok({ items: [], nextCursor: null }));
    });
  });
});
