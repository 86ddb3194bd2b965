// Contracts of the order, interest, watchlist and price-history ports.
import { expect, it } from 'vitest';
import type { Transaction } from '../../application/ports/unit-of-work';
import type { Interest } from '../../domain/interests/interest';
import type { Order, OrderStatus } from '../../domain/orders/order';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 0, minute));
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

function write(store: StoreGetter, work: (tx: Transaction) => Promise<unknown>) {
  return store().uow.run(async (tx) => {
    await work(tx);
    return ok(undefined);
  });
}

export function orderRepositoryContract(store: StoreGetter): void {
  const order = (companyId: string, userId: string, day: number, status: OrderStatus = 'placed', lines = [{ productId: 'p1', quantity: 2 }]): Order => ({
    id: uniqueId(), companyId, userId,
    items: lines.map((l) => ({ ...l, unitPrice: eur(500) })),
    total: eur(lines.reduce((n, l) => n + l.quantity * 500, 0)),
    status, placedAt: at(day), history: [{ status: 'placed', at: at(day) }],
  });

  it('saves an order with its lines and history, and updates its status', async () => {
    const companyId = uniqueId();
    const o = order(companyId, 'u1', 1, 'placed', [{ productId: 'b', quantity: 1 }, { productId: 'a', quantity: 3 }]);
    await write(store, (tx) => tx.orders.save(o));
    const orders = await store().uow.read(async (r) => r.orders);
    expect(await orders.byId(companyId, o.id)).toEqual(o);
    expect(await orders.byId(uniqueId(), o.id)).toBeNull();
    const paid: Order = { ...o, status: 'paid', history: [...o.history, { status: 'paid', at: at(2) }] };
    await write(store, (tx) => tx.orders.save(paid));
    expect(await orders.byId(companyId, o.id)).toEqual(paid);
  });

  it('lists newest first, filtered by user and status, paging each order once', async () => {
    const companyId = uniqueId();
    const all = [order(companyId, 'u1', 1), order(companyId, 'u2', 2, 'paid'), order(companyId, 'u1', 3, 'paid'), order(companyId, 'u1', 4)];
    await write(store, async (tx) => {
      for (const o of all) await tx.orders.save(o);
    });
    const orders = await store().uow.read(async (r) => r.orders);
    const ids = async (filter: { userId?: string; status?: OrderStatus }) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await orders.list({ companyId, ...filter, page: { limit: 2, cursor } });
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const [o1, o2, o3, o4] = all.map((o) => o.id);
    expect(await ids({})).toEqual([o4, o3, o2, o1]);
    expect(await ids({ userId: 'u1' })).toEqual([o4, o3, o1]);
    expect(await ids({ status: 'paid' })).toEqual([o3, o2]);
  });

  it('counts units purchased since a date, paid and beyond only', async () => {
    const companyId = uniqueId();
    await write(store, async (tx) => {
      await tx.orders.save(order(companyId, 'u', 10, 'paid', [{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 5 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'delivered', [{ productId: 'a', quantity: 4 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'placed', [{ productId: 'c', quantity: 9 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'refunded', [{ productId: 'c', quantity: 9 }]));
      await tx.orders.save(order(companyId, 'u', 1, 'paid', [{ productId: 'b', quantity: 50 }]));
    });
    const top = await store().uow.read((r) => r.orders.topPurchasedSince(companyId, at(5), 10));
    expect(top).toEqual([{ productId: 'a', units: 6 }, { productId: 'b', units: 5 }]);
    expect(await store().uow.read((r) => r.orders.topPurchasedSince(companyId, at(5), 1))).toEqual([{ productId: 'a', units: 6 }]);
  });
}

export function interestRepositoryContract(store: StoreGetter): void {
  const interest = (dimension: string, value: string, weight: number, source: Interest['source'] = 'explicit'): Interest =>
    ({ dimension, value, weight, source, updatedAt: at(1) });

  it('replaces one source without touching the other, strongest first', async () => {
    const companyId = uniqueId();
    await write(store, async (tx) => {
      await tx.interests.replace(companyId, 'u', 'explicit', [interest('color', 'red', 0.2), interest('brand', 'X', 0.9)]);
      await tx.interests.replace(companyId, 'u', 'inferred', [interest('category', 'Shoes', 0.5, 'inferred')]);
      await tx.interests.replace(companyId, 'other', 'explicit', [interest('color', 'blue', 1)]);
    });
    const read = () => store().uow.read((r) => r.interests.forUser(companyId, 'u'));
    expect((await read()).map((i) => [i.value, i.source])).toEqual([['X', 'explicit'], ['Shoes', 'inferred'], ['red', 'explicit']]);
    await write(store, (tx) => tx.interests.replace(companyId, 'u', 'explicit', [interest('style', 'minimal', 0.1)]));
    expect((await read()).map((i) => i.value)).toEqual(['Shoes', 'minimal']);
    expect(await store().uow.read((r) => r.interests.forUser(uniqueId(), 'u'))).toEqual([]);
  });
}

export function watchlistRepositoryContract(store: StoreGetter): void {
  it('adds, updates and removes watched products per user', async () => {
    const companyId = uniqueId();
    const item = (productId: string, day: number, targetPrice = eur(100) as { amountCents: number; currency: string } | null) =>
      ({ companyId, userId: 'u', productId, targetPrice, addedAt: at(day) });
    await write(store, async (tx) => {
      await tx.watchlist.save(item('a', 1));
      await tx.watchlist.save(item('b', 2, null));
      await tx.watchlist.save(item('a', 1, eur(50)));
    });
    const read = () => store().uow.read((r) => r.watchlist.forUser(companyId, 'u'));
    expect(await read()).toEqual([item('b', 2, null), item('a', 1, eur(50))]);
    const removed = await store().uow.run(async (tx) => ok([await tx.watchlist.remove(companyId, 'u', 'a'), await tx.watchlist.remove(companyId, 'u', 'a')]));
    expect(removed).toEqual(ok([true, false]));
    expect((await read()).map((i) => i.productId)).toEqual(['b']);
    expect(await store().uow.read((r) => r.watchlist.forUser(uniqueId(), 'u'))).toEqual([]);
  });
}

export function priceHistoryRepositoryContract(store: StoreGetter): void {
  it('keeps points oldest first, per product and company, within a range', async () => {
    const companyId = uniqueId();
    const point = (productId: string, day: number, cents: number) => ({ id: uniqueId(), companyId, productId, price: eur(cents), at: at(day) });
    const [p3, p1, p2, q1] = [point('p', 3, 300), point('p', 1, 100), point('p', 2, 200), point('q', 2, 999)];
    await write(store, async (tx) => {
      await tx.prices.add(p3!, p1!);
      await tx.prices.add(p2!, q1!);
    });
    const prices = await store().uow.read(async (r) => r.prices);
    expect(await prices.forProduct(companyId, 'p')).toEqual([p1, p2, p3]);
    expect(await prices.forProduct(companyId, 'p', at(2), at(2))).toEqual([p2]);
    expect(await prices.forProduct(companyId, 'p', at(2))).toEqual([p2, p3]);
    expect(await prices.forProduct(uniqueId(), 'p')).toEqual([]);
    expect((await prices.since(companyId, at(2))).map((p) => p.price.amountCents)).toEqual(expect.arrayContaining([200, 999, 300]));
    expect(await prices.since(companyId, at(2))).toHaveLength(3);
  });
}
