// OrderRepository cases beyond the basics of commerce-repositories.contract.ts: the row lock
// that serialises status changes of one order, and tenant isolation of lists and counts.
import { expect, it } from 'vitest';
import type { Order, OrderStatus } from '../../domain/orders/order';
import { ok } from '../../domain/shared/result';
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
    expect(await store().uow.read((r) => r.orders.topPurchasedSince(mine, at(1), 10))).toEqual([
      { productId: 'p', units: 2 },
      { productId: 'q', units: 1 },
    ]);
    expect(await store().uow.read((r) => r.orders.topPurchasedSince(uniqueId(), at(1), 10))).toEqual([]);
  });
}
