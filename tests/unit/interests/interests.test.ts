import { beforeEach, describe, expect, it } from 'vitest';
import { GetInterests, ReplaceInterests } from '../../../application/interests/interests';
import type { Actor } from '../../../domain/identity/actor';
import { ok } from '../../../domain/shared/result';
import { commerce, type Commerce } from '../orders/commerce-fixture';

describe('ReplaceInterests and GetInterests', () => {
  let w: Commerce;
  let replace: ReplaceInterests;
  let get: GetInterests;
  let alice: Actor;
  let bob: Actor;
  let staff: Actor;
  const page = { limit: 20 };

  beforeEach(async () => {
    w = commerce();
    replace = new ReplaceInterests(w.uow, w.ids, w.clock);
    get = new GetInterests(w.uow, w.clock);
    alice = await w.member('acme');
    bob = await w.member('acme');
    staff = await w.member('acme', 'staff');
  });

  it('replaces the explicit interests, keeps inferred ones and answers all of them strongest first', async () => {
    await w.uow.run(async (tx) => {
      await tx.interests.replace('acme', alice.userId, 'inferred', [
        { dimension: 'category', value: 'Lamps', weight: 0.6, source: 'inferred', updatedAt: w.clock.now() },
      ]);
      return ok(undefined);
    });
    await replace.execute({ actor: alice, userId: alice.userId, interests: [{ dimension: 'color', value: 'red', weight: 1 }] });
    const result = await replace.execute({
      actor: alice, userId: alice.userId,
      interests: [{ dimension: ' Brand', value: 'Fjord', weight: 0.4 }, { dimension: 'style', value: 'minimal', weight: 0.9 }],
    });
    const expected = [
      { dimension: 'style', value: 'minimal', weight: 0.9, source: 'explicit', updatedAt: w.clock.now() },
      { dimension: 'category', value: 'Lamps', weight: 0.6, source: 'inferred', updatedAt: w.clock.now() },
      { dimension: 'brand', value: 'Fjord', weight: 0.4, source: 'explicit', updatedAt: w.clock.now() },
    ];
    expect(result).toEqual(ok(expected));
    expect(await get.execute({ actor: alice, userId: alice.userId, page })).toEqual(ok({ items: expected, nextCursor: null }));
    const first = await get.execute({ actor: alice, userId: alice.userId, page: { limit: 2 } });
    const cursor = first.ok ? first.value.nextCursor ?? undefined : undefined;
    expect(first.ok && first.value.items).toEqual(expected.slice(0, 2));
    expect(await get.execute({ actor: alice, userId: alice.userId, page: { limit: 2, cursor } })).toEqual(ok({ items: expected.slice(2), nextCursor: null }));
    const events = await w.events('InterestsUpdated');
    expect(events).toHaveLength(2);
    expect(events[1]?.payload).toEqual({ userId: alice.userId, interests: expected.map(({ updatedAt: _u, ...i }) => i) });
  });

  it('clears explicit interests with an empty list', async () => {
    await replace.execute({ actor: alice, userId: alice.userId, interests: [{ dimension: 'color', value: 'red', weight: 1 }] });
    expect(await replace.execute({ actor: alice, userId: alice.userId, interests: [] })).toEqual(ok([]));
  });

  it('lets staff manage any user of the company and customers only themselves', async () => {
    expect((await replace.execute({ actor: staff, userId: bob.userId, interests: [{ dimension: 'a', value: 'b', weight: 0 }] })).ok).toBe(true);
    const write = await replace.execute({ actor: alice, userId: bob.userId, interests: [] });
    const read = await get.execute({ actor: alice, userId: bob.userId, page });
    expect([write.ok ? null : write.error.code, read.ok ? null : read.error.code]).toEqual(['forbidden', 'forbidden']);
    const bobs = await get.execute({ actor: staff, userId: bob.userId, page });
    expect(bobs.ok && bobs.value.items.map((i) => i.value)).toEqual(['b']);
  });

  it('reports unknown users and users of other companies as not found', async () => {
    const stranger = await w.member('globex');
    for (const userId of ['ghost', stranger.userId]) {
      const write = await replace.execute({ actor: staff, userId, interests: [] });
      const read = await get.execute({ actor: alice, userId, page });
      expect([write.ok ? null : write.error.code, read.ok ? null : read.error.code]).toEqual(['not_found', 'not_found']);
    }
  });

  it('refuses invalid interests and keeps the previous ones', async () => {
    await replace.execute({ actor: alice, userId: alice.userId, interests: [{ dimension: 'color', value: 'red', weight: 1 }] });
    const repeated = await replace.execute({
      actor: alice, userId: alice.userId,
      interests: [{ dimension: 'brand', value: 'X', weight: 0.5 }, { dimension: 'BRAND', value: 'x', weight: 0.1 }],
    });
    expect(repeated.ok ? null : repeated.error.code).toBe('validation_failed');
    const now = await get.execute({ actor: alice, userId: alice.userId, page });
    expect(now.ok && now.value.items.map((i) => i.value)).toEqual(['red']);
    expect(await w.events('InterestsUpdated')).toHaveLength(1);
  });
});
