import { beforeEach, describe, expect, it } from 'vitest';
import { AddToWatchlist, ListWatchlist, RemoveFromWatchlist } from '../../../application/interests/watchlist';
import type { Actor } from '../../../domain/identity/actor';
import { ok } from '../../../domain/shared/result';
import { commerce, eur, type Commerce } from '../orders/commerce-fixture';

describe('watchlist use cases', () => {
  let w: Commerce;
  let add: AddToWatchlist;
  let list: ListWatchlist;
  let remove: RemoveFromWatchlist;
  let alice: Actor;
  const page = { limit: 20 };

  beforeEach(async () => {
    w = commerce();
    add = new AddToWatchlist(w.uow, w.ids, w.clock);
    list = new ListWatchlist(w.uow);
    remove = new RemoveFromWatchlist(w.uow, w.ids, w.clock);
    alice = await w.member('acme');
  });

  it('adds, then updates the target price in place, writing WatchlistChanged each time', async () => {
    const p = await w.product('acme', { price: eur(5000) });
    const addedAt = w.clock.now();
    const added = await add.execute({ actor: alice, productId: p.id, targetPrice: eur(4000) });
    expect(added).toEqual(ok({ created: true, product: p, item: { companyId: 'acme', userId: alice.userId, productId: p.id, targetPrice: eur(4000), addedAt, referencePrice: eur(5000) } }));
    w.clock.advance(60_000);
    // An update keeps the reference the alerts compare with (here one set since, as when an alert fired).
    await w.uow.run(async (tx) => ok(await tx.watchlist.setReference('acme', alice.userId, p.id, eur(4500))));
    const updated = await add.execute({ actor: alice, productId: p.id });
    expect(updated.ok && [updated.value.created, updated.value.item.targetPrice, updated.value.item.addedAt, updated.value.item.referencePrice]).toEqual([false, null, addedAt, eur(4500)]);
    expect((await w.events('WatchlistChanged')).map((e) => e.payload)).toEqual([
      { userId: alice.userId, productId: p.id, action: 'added', targetPrice: eur(4000) },
      { userId: alice.userId, productId: p.id, action: 'updated', targetPrice: null },
    ]);
  });

  it('refuses unknown, foreign and (for customers) non-active products, and foreign currencies', async () => {
    const foreign = await w.product('globex');
    const draft = await w.product('acme', { status: 'draft' });
    for (const productId of ['ghost', foreign.id, draft.id]) {
      const result = await add.execute({ actor: alice, productId });
      expect(result.ok ? null : result.error.code).toBe('not_found');
    }
    const p = await w.product('acme', { price: eur(100) });
    const usd = await add.execute({ actor: alice, productId: p.id, targetPrice: { amountCents: 90, currency: 'USD' } });
    expect(usd.ok ? null : [usd.error.code, usd.error.details?.[0]?.path]).toEqual(['validation_failed', 'targetPrice.currency']);
    expect(await list.execute({ actor: alice, page })).toEqual(ok({ items: [], nextCursor: null }));
    expect(await w.events()).toEqual([]);
  });

  it('lists the caller\'s products newest first, hiding details of products customers can no longer see', async () => {
    const lamp = await w.product('acme');
    const desk = await w.product('acme');
    await add.execute({ actor: alice, productId: lamp.id });
    w.clock.advance(1000);
    await add.execute({ actor: alice, productId: desk.id, targetPrice: eur(10) });
    await add.execute({ actor: await w.member('acme'), productId: lamp.id });
    await w.product('acme', { ...lamp, status: 'archived' });
    const items = await list.execute({ actor: alice, page });
    expect(items.ok && items.value.items.map((i) => [i.item.productId, i.product?.id ?? null])).toEqual([[desk.id, desk.id], [lamp.id, null]]);
    const staffView = await list.execute({ actor: { ...alice, role: 'staff' }, page });
    expect(staffView.ok && staffView.value.items.map((i) => i.product?.status)).toEqual(['active', 'archived']);
    const first = await list.execute({ actor: alice, page: { limit: 1 } });
    expect(first.ok && first.value.items.map((i) => i.item.productId)).toEqual([desk.id]);
    const rest = await list.execute({ actor: alice, page: { limit: 1, cursor: (first.ok && first.value.nextCursor) || undefined } });
    expect(rest.ok && [rest.value.items.map((i) => i.item.productId), rest.value.nextCursor]).toEqual([[lamp.id], null]);
  });

  it('removes a watched product once; removing again is not found', async () => {
    const p = await w.product('acme');
    await add.execute({ actor: alice, productId: p.id, targetPrice: eur(1) });
    expect(await remove.execute({ actor: alice, productId: p.id })).toEqual(ok(undefined));
    const again = await remove.execute({ actor: alice, productId: p.id });
    expect(again.ok ? null : again.error.code).toBe('not_found');
    expect(await list.execute({ actor: alice, page })).toEqual(ok({ items: [], nextCursor: null }));
    expect((await w.events('WatchlistChanged')).map((e) => (e.payload as { action: string }).action)).toEqual(['added', 'removed']);
  });
});
