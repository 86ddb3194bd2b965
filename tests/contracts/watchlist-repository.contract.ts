// WatchlistRepository cases beyond commerce-repositories.contract.ts: isolation between
// companies and users, and null versus set target prices.
import { expect, it } from 'vitest';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function watchlistRepositoryIsolationContract(store: StoreGetter): void {
  const item = (companyId: string, userId: string, productId: string, targetPrice: WatchlistItem['targetPrice'] = null): WatchlistItem => ({
    companyId, userId, productId, targetPrice, addedAt: new Date('2026-02-03T04:05:06.789Z'),
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
