// OrderRepository contract: round trips, listing and purchase counts, the row lock that
// serialises status changes of one order, and tenant isolation of lists and counts.
import { expect, it } from 'vitest';
import type { Order, OrderStatus } from '../../domain/orders/order';
import type { Transaction } from '../../application/ports/unit-of-work';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

const at = (day: number) => new Date(Date.UTC(2026, 1, day));
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

export function orderRepositoryLockContract(store: StoreGetter): void {
  const order = (companyId: string, status: OrderStatus = 'placed', day = 1): Order => ({
    id: uniqueId(), companyId, userId: 'u',
    items: [{ productId: 'p', quantity: 2, unitPrice: eur(500) }, { productId: 'q', quantity: 1, unitPrice: eur(250) }],
    total: eur(1250), status, placedAt: at(day), history: [{ status: 'placed', at: at(day) }],
  });
  const save = (...orders: Order[]) =>
    store().uow.run(async (tx) => {
      for (const o of orders) await tx.orders.save(o);
      return ok(undefined);
    });

  it('locks and reads an order only within its company', async () => {
    const companyId = uniqueId();
    const o = order(companyId);
    await save(o);
    const seen = await store().uow.run(async (tx) =>
      ok([await tx.orders.lockById(companyId, o.id), await tx.orders.lockById(uniqueId(), o.id), await tx.orders.lockById(companyId, uniqueId())]),
    );
    expect(seen).toEqual(ok([o, null, null]));
  });

  it('makes a second locker wait for the first one\'s commit and see its change', async () => {
    const companyId = uniqueId();
    const o = order(companyId);
    await save(o);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = (): void => undefined;
    const firstHasLock = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const first = store().uow.run(async (tx) => {
      const mine = await tx.orders.lockById(companyId, o.id);
      locked();
      await held;
      await tx.orders.save({ ...mine!, status: 'cancelled', history: [...mine!.history, { status: 'cancelled', at: at(2) }] });
      return ok('first');
    });
    await firstHasLock;
    const second = store().uow.run(async (tx) => ok((await tx.orders.lockById(companyId, o.id))?.status));
    // Give the second locker time to (wrongly) read before the first commits.
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect(await first).toEqual(ok('first'));
    expect(await second).toEqual(ok('cancelled'));
  });

  it('keeps lines and history intact across status saves', async () => {
    const companyId = uniqueId();
    let o = order(companyId);
    await save(o);
    for (const [status, day] of [['paid', 2], ['shipped', 3], ['delivered', 4], ['refunded', 5]] as const) {
      o = { ...o, status, history: [...o.history, { status, at: at(day) }] };
      await save(o);
    }
    expect(await store().uow.read((r) => r.orders.byId(companyId, o.id))).toEqual(o);
  });

  it('never lists or counts another company\'s orders', async () => {
    const mine = uniqueId();
    const theirs = uniqueId();
    const own = order(mine, 'paid', 3);
    await save(own, order(theirs, 'paid', 3), order(theirs, 'delivered', 4));
    const page = await store().uow.read((r) => r.orders.list({ companyId: mine, page: { limit: 10 } }));
    expect(page.items.map((o) => o.id)).toEqual([own.id]);
    expect(page.nextCursor).toBeNull();
    expect(await store().uow.read((r) => r.orders.topPurchasedSince(mine, at(1), { limit: 10 }))).toEqual({
      items: [{ productId: 'p', units: 2 }, { productId: 'q', units: 1 }],
      nextCursor: null,
    });
    expect(await store().uow.read((r) => r.orders.topPurchasedSince(uniqueId(), at(1), { limit: 10 }))).toEqual({ items: [], nextCursor: null });
  });
}

const atDay = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 0, minute));
const euro = (amountCents: number) => ({ amountCents, currency: 'EUR' });

function writeAll(store: StoreGetter, work: (tx: Transaction) => Promise<unknown>) {
  return store().uow.run(async (tx) => {
    await work(tx);
    return ok(undefined);
  });
}

export function orderRepositoryContract(store: StoreGetter): void {
  const order = (companyId: string, userId: string, day: number, status: OrderStatus = 'placed', lines = [{ productId: 'p1', quantity: 2 }]): Order => ({
    id: uniqueId(), companyId, userId,
    items: lines.map((l) => ({ ...l, unitPrice: euro(500) })),
    total: euro(lines.reduce((n, l) => n + l.quantity * 500, 0)),
    status, placedAt: atDay(day), history: [{ status: 'placed', at: atDay(day) }],
  });

  it('saves an order with its lines and history, and updates its status', async () => {
    const companyId = uniqueId();
    const o = order(companyId, 'u1', 1, 'placed', [{ productId: 'b', quantity: 1 }, { productId: 'a', quantity: 3 }]);
    await writeAll(store, (tx) => tx.orders.save(o));
    const orders = await store().uow.read(async (r) => r.orders);
    expect(await orders.byId(companyId, o.id)).toEqual(o);
    expect(await orders.byId(uniqueId(), o.id)).toBeNull();
    const paid: Order = { ...o, status: 'paid', history: [...o.history, { status: 'paid', at: atDay(2) }] };
    await writeAll(store, (tx) => tx.orders.save(paid));
    expect(await orders.byId(companyId, o.id)).toEqual(paid);
  });

  it('lists newest first, filtered by user and status, paging each order once', async () => {
    const companyId = uniqueId();
    const all = [order(companyId, 'u1', 1), order(companyId, 'u2', 2, 'paid'), order(companyId, 'u1', 3, 'paid'), order(companyId, 'u1', 4)];
    await writeAll(store, async (tx) => {
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
    for (const cursor of malformedCursors()) await expect(orders.list({ companyId, page: { limit: 2, cursor } }), cursor).rejects.toThrow(InvalidCursor);
  });

  it('counts units purchased since a date, paid and beyond only', async () => {
    const companyId = uniqueId();
    await writeAll(store, async (tx) => {
      await tx.orders.save(order(companyId, 'u', 10, 'paid', [{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 5 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'delivered', [{ productId: 'a', quantity: 4 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'placed', [{ productId: 'c', quantity: 9 }]));
      await tx.orders.save(order(companyId, 'u', 11, 'refunded', [{ productId: 'c', quantity: 9 }]));
      await tx.orders.save(order(companyId, 'u', 1, 'paid', [{ productId: 'b', quantity: 50 }]));
    });
    const top = await store().uow.read((r) => r.orders.topPurchasedSince(companyId, atDay(5), { limit: 10 }));
    expect(top).toEqual({ items: [{ productId: 'a', units: 6 }, { productId: 'b', units: 5 }], nextCursor: null });
    const first = await store().uow.read((r) => r.orders.topPurchasedSince(companyId, atDay(5), { limit: 1 }));
    expect(first.items).toEqual([{ productId: 'a', units: 6 }]);
  });

  it('pages through the purchase counts exactly once, most units first, ties by product id', async () => {
    const companyId = uniqueId();
    const bought: [string, number][] = [['e', 3], ['b', 5], ['d', 3], ['a', 1], ['C', 3], ['c', 5], ['f', 1]];
    await writeAll(store, async (tx) => {
      for (const [productId, quantity] of bought) await tx.orders.save(order(companyId, 'u', 10, 'paid', [{ productId, quantity }]));
      await tx.orders.save(order(companyId, 'u', 10, 'shipped', [{ productId: 'a', quantity: 1 }]));
      await tx.orders.save(order(companyId, 'u', 10, 'cancelled', [{ productId: 'f', quantity: 50 }]));
    });
    const expected = [['b', 5], ['c', 5], ['C', 3], ['d', 3], ['e', 3], ['a', 2], ['f', 1]];
    const orders = await store().uow.read(async (r) => r.orders);
    for (const limit of [1, 2, 3, 100]) {
      const seen = await walkPages(limit, (cursor) => orders.topPurchasedSince(companyId, atDay(5), { limit, cursor }));
      expect(seen.map((c) => [c.productId, c.units])).toEqual(expected);
    }
  });

  it('refuses purchase-count cursors not of this list, a units count beyond any integer included', async () => {
    const orders = await store().uow.read(async (r) => r.orders);
    const b64 = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    for (const cursor of [...malformedCursors(), b64([1.5, 'a']), b64([1e300, 'a']), b64(['5', 'a'])]) {
      await expect(orders.topPurchasedSince(uniqueId(), atDay(5), { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
    }
  });

  it('totals what each user bought over paid, shipped and delivered orders, with the latest order time', async () => {
    const companyId = uniqueId();
    await writeAll(store, async (tx) => {
      await tx.orders.save(order(companyId, 'u1', 3, 'paid', [{ productId: 'b', quantity: 2 }, { productId: 'a', quantity: 1 }]));
      await tx.orders.save(order(companyId, 'u1', 7, 'delivered', [{ productId: 'b', quantity: 1 }]));
      await tx.orders.save(order(companyId, 'u1', 9, 'refunded', [{ productId: 'c', quantity: 4 }]));
      await tx.orders.save(order(companyId, 'u1', 9, 'placed', [{ productId: 'd', quantity: 4 }]));
      await tx.orders.save(order(companyId, 'u2', 5, 'shipped', [{ productId: 'a', quantity: 5 }]));
      await tx.orders.save(order(uniqueId(), 'u1', 5, 'paid', [{ productId: 'e', quantity: 5 }]));
    });
    const purchasesOf = (userId: string, productIds?: string[]) => store().uow.read((r) => r.orders.purchasesOf(companyId, userId, productIds));
    expect(await purchasesOf('u1')).toEqual([
      { userId: 'u1', productId: 'a', units: 1, lastAt: atDay(3) },
      { userId: 'u1', productId: 'b', units: 3, lastAt: atDay(7) },
    ]);
    expect(await purchasesOf('u1', ['b', 'c', 'd'])).toEqual([{ userId: 'u1', productId: 'b', units: 3, lastAt: atDay(7) }]);
    expect(await purchasesOf('nobody')).toEqual([]);
  });

  it('walks every purchase total of the company by (user, product) at any page size, each once', async () => {
    const companyId = uniqueId();
    const bought: Record<string, string[]> = { ua: ['p3', 'p1'], ub: ['p2'], uc: [], ud: ['p1', 'p2', 'p4'] };
    await writeAll(store, async (tx) => {
      for (const [userId, products] of Object.entries(bought)) {
        await tx.orders.save(order(companyId, userId, 2, 'paid', products.map((productId) => ({ productId, quantity: 1 }))));
        await tx.orders.save(order(companyId, userId, 3, 'cancelled', [{ productId: 'p9', quantity: 1 }]));
      }
      await tx.orders.save(order(uniqueId(), 'ua', 2, 'paid', [{ productId: 'p7', quantity: 1 }]));
    });
    const expected = ['ua/p1', 'ua/p3', 'ub/p2', 'ud/p1', 'ud/p2', 'ud/p4'];
    for (const pageSize of [1, 2, 4, 100]) {
      const seen: string[] = [];
      for (let after: { userId: string; productId: string } | null = null; ; ) {
        const page = await store().uow.read((r) => r.orders.scanPurchases(companyId, after, pageSize));
        expect(page.length).toBeLessThanOrEqual(pageSize);
        if (page.length === 0) break;
        seen.push(...page.map((t) => `${t.userId}/${t.productId}`));
        const last = page[page.length - 1]!;
        after = { userId: last.userId, productId: last.productId };
      }
      expect(seen).toEqual(expected);
    }
  });
}
