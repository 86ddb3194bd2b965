// WatchlistRepository contract: add, update and remove, isolation between companies and
// users, null versus set target prices, and the reference prices of price-drop alerts.
import { expect, it } from 'vitest';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import type { Transaction } from '../../application/ports/unit-of-work';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function watchlistRepositoryIsolationContract(store: StoreGetter): void {
  const item = (companyId: string, userId: string, productId: string, targetPrice: WatchlistItem['targetPrice'] = null): WatchlistItem => ({
    companyId, userId, productId, targetPrice, addedAt: new Date('2026-02-03T04:05:06.789Z'), referencePrice: null,
  });
  const save = (...items: WatchlistItem[]) =>
    store().uow.run(async (tx) => {
      for (const i of items) await tx.watchlist.save(i);
      return ok(undefined);
    });
  const read = (companyId: string, userId: string) => store().uow.read((r) => r.watchlist.forUser(companyId, userId));

  it('keeps one entry per (company, user, product) and never crosses companies or users', async () => {
    const [a, b] = [uniqueId(), uniqueId()];
    await save(item(a, 'u', 'p', { amountCents: 1999, currency: 'EUR' }), item(a, 'v', 'p'), item(b, 'u', 'p'));
    expect(await read(a, 'u')).toEqual([item(a, 'u', 'p', { amountCents: 1999, currency: 'EUR' })]);
    const removed = await store().uow.run(async (tx) => ok(await tx.watchlist.remove(b, 'v', 'p')));
    expect(removed).toEqual(ok(false));
    await store().uow.run(async (tx) => ok(await tx.watchlist.remove(a, 'u', 'p')));
    expect([await read(a, 'u'), (await read(a, 'v')).length, (await read(b, 'u')).length]).toEqual([[], 1, 1]);
  });

  it('clears a target price back to null', async () => {
    const companyId = uniqueId();
    await save(item(companyId, 'u', 'p', { amountCents: 500, currency: 'USD' }));
    await save(item(companyId, 'u', 'p', null));
    expect(await read(companyId, 'u')).toEqual([item(companyId, 'u', 'p', null)]);
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

export function watchlistRepositoryContract(store: StoreGetter): void {
  it('adds, updates and removes watched products per user', async () => {
    const companyId = uniqueId();
    const item = (productId: string, day: number, targetPrice = euro(100) as { amountCents: number; currency: string } | null) =>
      ({ companyId, userId: 'u', productId, targetPrice, addedAt: atDay(day), referencePrice: euro(day * 1000) });
    await writeAll(store, async (tx) => {
      await tx.watchlist.save(item('a', 1));
      await tx.watchlist.save(item('b', 2, null));
      await tx.watchlist.save(item('a', 1, euro(50)));
    });
    const read = () => store().uow.read((r) => r.watchlist.forUser(companyId, 'u'));
    expect(await read()).toEqual([item('b', 2, null), item('a', 1, euro(50))]);
    const removed = await store().uow.run(async (tx) => ok([await tx.watchlist.remove(companyId, 'u', 'a'), await tx.watchlist.remove(companyId, 'u', 'a')]));
    expect(removed).toEqual(ok([true, false]));
    expect((await read()).map((i) => i.productId)).toEqual(['b']);
    expect(await store().uow.read((r) => r.watchlist.forUser(uniqueId(), 'u'))).toEqual([]);
  });

  it('pages through one user\'s watchlist exactly once, newest first, ties by product id', async () => {
    const companyId = uniqueId();
    const item = (productId: string, day: number) => ({ companyId, userId: 'u', productId, targetPrice: null, addedAt: atDay(day), referencePrice: null });
    const items = [item('p3', 1), item('p1', 2), item('p2', 2), item('P4', 2), item('p0', 3), item('p5', 1)];
    await writeAll(store, async (tx) => {
      for (const i of [...items, { ...item('x', 2), userId: 'v' }, { ...item('y', 2), companyId: uniqueId() }]) await tx.watchlist.save(i);
    });
    const expected = ['p0', 'P4', 'p1', 'p2', 'p3', 'p5'];
    const list = await store().uow.read(async (r) => r.watchlist);
    for (const limit of [1, 2, 4, 100]) {
      const seen = await walkPages(limit, (cursor) => list.list(companyId, 'u', { limit, cursor }));
      expect(seen.map((i) => i.productId)).toEqual(expected);
    }
    expect((await list.list(companyId, 'u', { limit: 100 })).items).toEqual(await list.forUser(companyId, 'u'));
  });

  it('keeps its place when the last item served is removed, and refuses cursors not of this list', async () => {
    const companyId = uniqueId();
    const item = (productId: string, day: number) => ({ companyId, userId: 'u', productId, targetPrice: null, addedAt: atDay(day), referencePrice: null });
    await writeAll(store, async (tx) => {
      for (const i of [item('a', 3), item('b', 2), item('c', 1)]) await tx.watchlist.save(i);
    });
    const list = await store().uow.read(async (r) => r.watchlist);
    const first = await list.list(companyId, 'u', { limit: 2 });
    expect(first.items.map((i) => i.productId)).toEqual(['a', 'b']);
    await writeAll(store, (tx) => tx.watchlist.remove(companyId, 'u', 'b'));
    const rest = await list.list(companyId, 'u', { limit: 2, cursor: first.nextCursor ?? undefined });
    expect([rest.items.map((i) => i.productId), rest.nextCursor]).toEqual([['c'], null]);
    for (const cursor of malformedCursors()) await expect(list.list(companyId, 'u', { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
  });

  it('keeps reference prices: saved with the item, null for none, set alone by setReference', async () => {
    const companyId = uniqueId();
    const item = (userId: string, referencePrice: WatchlistItem['referencePrice'], targetPrice: WatchlistItem['targetPrice'] = null): WatchlistItem =>
      ({ companyId, userId, productId: 'p', targetPrice, addedAt: atDay(1), referencePrice });
    await writeAll(store, async (tx) => {
      await tx.watchlist.save(item('u', euro(1999), euro(1500)));
      await tx.watchlist.save(item('v', null));
    });
    const read = (userId: string) => store().uow.read((r) => r.watchlist.forUser(companyId, userId));
    expect([await read('u'), await read('v')]).toEqual([[item('u', euro(1999), euro(1500))], [item('v', null)]]);

    // Read back in the same transaction too: a store must not serve what it read before the change.
    const seen = await store().uow.run(async (tx) => {
      const before = await tx.watchlist.watchersOf(companyId, 'p');
      await tx.watchlist.setReference(companyId, 'u', 'p', euro(1700));
      await tx.watchlist.setReference(companyId, 'v', 'p', { amountCents: 900, currency: 'USD' });
      await tx.watchlist.setReference(companyId, 'w', 'p', euro(1));
      await tx.watchlist.setReference(companyId, 'u', 'other', euro(1));
      return ok({ before, after: await tx.watchlist.watchersOf(companyId, 'p'), mine: await tx.watchlist.forUser(companyId, 'u') });
    });
    expect(seen).toEqual(ok({
      before: [item('u', euro(1999), euro(1500)), item('v', null)],
      after: [item('u', euro(1700), euro(1500)), item('v', { amountCents: 900, currency: 'USD' })],
      mine: [item('u', euro(1700), euro(1500))],
    }));
    expect([(await read('w')).length, (await store().uow.read((r) => r.watchlist.watchersOf(companyId, 'other'))).length]).toEqual([0, 0]);
  });

  it('lists a product\'s watchers by user id in code point order, in one company only', async () => {
    const companyId = uniqueId();
    const watch = (userId: string, productId: string, company = companyId): WatchlistItem =>
      ({ companyId: company, userId, productId, targetPrice: null, addedAt: atDay(userId.length), referencePrice: euro(100) });
    const watches = [watch('b', 'p'), watch('B', 'p'), watch('a', 'p'), watch('aa', 'p'), watch('a', 'q'), watch('c', 'p', uniqueId())];
    await writeAll(store, async (tx) => {
      for (const w of watches) await tx.watchlist.save(w);
    });
    const watchers = await store().uow.read((r) => r.watchlist.watchersOf(companyId, 'p'));
    expect(watchers).toEqual([watch('B', 'p'), watch('a', 'p'), watch('aa', 'p'), watch('b', 'p')]);
    expect(await store().uow.read((r) => r.watchlist.watchersOf(companyId, 'nobody'))).toEqual([]);
  });
}
