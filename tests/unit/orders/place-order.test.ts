import { beforeEach, describe, expect, it } from 'vitest';
import { PlaceOrder } from '../../../application/orders/place-order';
import type { Actor } from '../../../domain/identity/actor';
import { commerce, eur, type Commerce } from './commerce-fixture';

describe('PlaceOrder', () => {
  let w: Commerce;
  let place: PlaceOrder;
  let alice: Actor;
  let staff: Actor;

  beforeEach(async () => {
    w = commerce();
    place = new PlaceOrder(w.uow, w.ids, w.clock);
    alice = await w.member('acme');
    staff = await w.member('acme', 'staff');
  });

  it('copies catalog prices, merges lines, takes stock and writes OrderPlaced and StockChanged', async () => {
    const a = await w.product('acme', { price: eur(1250), stock: 5 });
    const b = await w.product('acme', { price: eur(300), stock: 3 });
    const result = await place.execute({
      actor: alice,
      items: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }, { productId: a.id, quantity: 1 }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      companyId: 'acme', userId: alice.userId, status: 'placed', total: eur(3100), placedAt: w.clock.now(),
      items: [{ productId: a.id, quantity: 2, unitPrice: eur(1250) }, { productId: b.id, quantity: 2, unitPrice: eur(300) }],
      history: [{ status: 'placed', at: w.clock.now() }],
    });
    expect([await w.stockOf('acme', a.id), await w.stockOf('acme', b.id)]).toEqual([3, 1]);
    expect(await w.uow.read((r) => r.orders.byId('acme', result.value.id))).toEqual(result.value);
    const placed = await w.events('OrderPlaced');
    expect(placed.map((e) => e.payload)).toEqual([
      { orderId: result.value.id, userId: alice.userId, items: result.value.items, total: eur(3100) },
    ]);
    expect((await w.events('StockChanged')).map((e) => e.payload)).toEqual([
      { productId: a.id, previous: 5, current: 3 },
      { productId: b.id, previous: 3, current: 1 },
    ]);
  });

  it('lets staff order on behalf of a user of their company only', async () => {
    const p = await w.product('acme');
    const onBehalf = await place.execute({ actor: staff, items: [{ productId: p.id, quantity: 1 }], userId: alice.userId });
    expect(onBehalf.ok && onBehalf.value.userId).toBe(alice.userId);
    const stranger = await w.member('globex');
    const other = await place.execute({ actor: staff, items: [{ productId: p.id, quantity: 1 }], userId: stranger.userId });
    expect(other.ok ? null : other.error.code).toBe('not_found');
    const ghost = await place.execute({ actor: staff, items: [{ productId: p.id, quantity: 1 }], userId: 'ghost' });
    expect(ghost.ok ? null : ghost.error.code).toBe('not_found');
  });

  it('lets customers order for themselves only', async () => {
    const p = await w.product('acme');
    const bob = await w.member('acme');
    const forBob = await place.execute({ actor: alice, items: [{ productId: p.id, quantity: 1 }], userId: bob.userId });
    expect(forBob.ok ? null : forBob.error.code).toBe('forbidden');
    const forSelf = await place.execute({ actor: alice, items: [{ productId: p.id, quantity: 1 }], userId: alice.userId });
    expect(forSelf.ok).toBe(true);
  });

  it('reports unknown, foreign and non-active products as not found', async () => {
    const foreign = await w.product('globex');
    const draft = await w.product('acme', { status: 'draft' });
    const archived = await w.product('acme', { status: 'archived' });
    for (const productId of ['nope', foreign.id, draft.id, archived.id]) {
      const result = await place.execute({ actor: staff, items: [{ productId, quantity: 1 }] });
      expect(result.ok ? null : result.error.code).toBe('not_found');
    }
    expect([await w.stockOf('globex', foreign.id), await w.stockOf('acme', draft.id)]).toEqual([10, 10]);
  });

  it('refuses mixed currencies and bad quantities as validation errors', async () => {
    const a = await w.product('acme');
    const usd = await w.product('acme', { price: { amountCents: 100, currency: 'USD' } });
    const mixed = await place.execute({ actor: alice, items: [{ productId: a.id, quantity: 1 }, { productId: usd.id, quantity: 1 }] });
    expect(mixed.ok ? null : mixed.error.code).toBe('validation_failed');
    for (const items of [[], [{ productId: a.id, quantity: 0 }], [{ productId: a.id, quantity: 1001 }]]) {
      const result = await place.execute({ actor: alice, items });
      expect(result.ok ? null : result.error.code).toBe('validation_failed');
    }
    expect(await w.stockOf('acme', a.id)).toBe(10);
  });

  it('changes nothing when any line lacks stock', async () => {
    const plenty = await w.product('acme', { stock: 10 });
    const scarce = await w.product('acme', { stock: 1 });
    const result = await place.execute({ actor: alice, items: [{ productId: plenty.id, quantity: 3 }, { productId: scarce.id, quantity: 2 }] });
    expect(result.ok ? null : result.error.code).toBe('insufficient_stock');
    expect([await w.stockOf('acme', plenty.id), await w.stockOf('acme', scarce.id)]).toEqual([10, 1]);
    expect((await w.uow.read((r) => r.orders.list({ companyId: 'acme', page: { limit: 10 } }))).items).toEqual([]);
    expect(await w.events()).toEqual([]);
  });

  it('counts merged quantities against stock', async () => {
    const p = await w.product('acme', { stock: 3 });
    const result = await place.execute({ actor: alice, items: [{ productId: p.id, quantity: 2 }, { productId: p.id, quantity: 2 }] });
    expect(result.ok ? null : result.error.code).toBe('insufficient_stock');
    expect(await w.stockOf('acme', p.id)).toBe(3);
  });
});
