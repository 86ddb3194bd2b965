import { beforeEach, describe, expect, it } from 'vitest';
import { PlaceOrder } from '../../../application/orders/place-order';
import { TransitionOrder } from '../../../application/orders/transition-order';
import { CreateVisionBoard } from '../../../application/vision-boards/create-vision-board';
import { GetVisionBoard } from '../../../application/vision-boards/get-vision-board';
import type { Actor } from '../../../domain/identity/actor';
import type { Interest } from '../../../domain/interests/interest';
import { ok } from '../../../domain/shared/result';
import type { VisionBoard } from '../../../domain/vision-boards/vision-board';
import { commerce, eur, type Commerce } from '../orders/commerce-fixture';

describe('CreateVisionBoard and GetVisionBoard', () => {
  let w: Commerce;
  let create: CreateVisionBoard;
  let get: GetVisionBoard;
  let alice: Actor;
  let bob: Actor;
  let staff: Actor;

  const interests = (actor: Actor, list: readonly Omit<Interest, 'updatedAt'>[], updatedAt = w.clock.now()) =>
    w.uow.run(async (tx) => {
      for (const source of ['explicit', 'inferred'] as const) {
        await tx.interests.replace(actor.companyId, actor.userId, source, list.filter((i) => i.source === source).map((i) => ({ ...i, updatedAt })));
      }
      return ok(undefined);
    });
  const category = (id: string, name: string, parentId: string | null = null) =>
    w.uow.run(async (tx) => {
      await tx.categories.save({ id, companyId: 'acme', name, parentId, createdAt: w.clock.now() });
      return ok(undefined);
    });
  const names = (board: VisionBoard) => board.sections.map((s) => [s.heading, s.products.map((p) => p.name)]);
  const built = async (actor: Actor, userId = actor.userId, extra: { sections?: number; productsPerSection?: number; title?: string } = {}) => {
    const result = await create.execute({ actor, userId, ...extra });
    if (!result.ok) throw new Error(`expected a board, got ${result.error.code}`);
    return result.value;
  };

  beforeEach(async () => {
    w = commerce();
    create = new CreateVisionBoard(w.uow, w.ids, w.clock);
    get = new GetVisionBoard(w.uow);
    alice = await w.member('acme', 'customer', 'Alice');
    bob = await w.member('acme');
    staff = await w.member('acme', 'staff');
  });

  it('builds one section per interest, strongest first, with the products that fit it, and keeps it', async () => {
    await category('lighting', 'Lighting');
    await category('lamps', 'Lamps', 'lighting');
    await w.product('acme', { name: 'Arc lamp', categoryId: 'lamps', brand: 'Fjord', price: eur(12_900), imageUrl: 'https://img.test/arc.jpg' });
    await w.product('acme', { name: 'Pendant', categoryId: 'lighting' });
    await w.product('acme', { name: 'Fjord chair', brand: 'Fjord' });
    await w.product('acme', { name: 'Eco mug', tags: ['eco'] });
    await interests(alice, [
      { dimension: 'category', value: 'lighting', weight: 0.9, source: 'explicit' },
      { dimension: 'brand', value: 'Fjord', weight: 0.6, source: 'inferred' },
      { dimension: 'tag', value: 'ECO', weight: 0.3, source: 'explicit' },
    ]);
    const board = await built(alice);
    expect(board).toMatchObject({ userId: alice.userId, companyId: 'acme', title: 'Vision board for Alice', createdAt: w.clock.now() });
    // The category's subcategories count; the lamp shown under Lighting is not repeated under Fjord.
    expect(names(board)).toEqual([
      ['Lighting', ['Pendant', 'Arc lamp']],
      ['Fjord', ['Fjord chair']],
      ['Eco', ['Eco mug']],
    ]);
    expect(board.sections[0]?.products[1]).toEqual({
      productId: expect.any(String), name: 'Arc lamp', brand: 'Fjord', price: eur(12_900), imageUrl: 'https://img.test/arc.jpg',
    });
    expect(board.sections.map((s) => [s.dimension, s.value, s.source])).toEqual([
      ['category', 'lighting', 'explicit'], ['brand', 'Fjord', 'inferred'], ['tag', 'ECO', 'explicit'],
    ]);
    expect(await get.execute({ actor: alice, id: board.id })).toEqual(ok(board));
  });

  it('decays inferred interests to now before ranking them', async () => {
    await w.product('acme', { name: 'Old flame', tags: ['retro'] });
    await w.product('acme', { name: 'New love', tags: ['modern'] });
    const longAgo = new Date(w.clock.now().getTime() - 120 * 86_400_000);
    await interests(alice, [{ dimension: 'tag', value: 'retro', weight: 0.9, source: 'inferred' }], longAgo);
    await w.uow.run(async (tx) => {
      await tx.interests.replace('acme', alice.userId, 'explicit', [{ dimension: 'tag', value: 'modern', weight: 0.5, source: 'explicit', updatedAt: w.clock.now() }]);
      return ok(undefined);
    });
    const board = await built(alice);
    expect(board.sections.map((s) => s.heading)).toEqual(['Modern', 'Retro']);
    expect(board.sections[1]?.weight).toBeLessThan(0.5);
  });

  it('matches attributes case-insensitively and falls back to text search on the value', async () => {
    await w.product('acme', { name: 'Velvet sofa', attributes: { Color: 'Teal' } });
    await w.product('acme', { name: 'Teal cushion' });
    await w.product('acme', { name: 'Rattan basket', description: 'Handmade, boho style' });
    await interests(alice, [
      { dimension: 'color', value: 'teal', weight: 0.8, source: 'explicit' },
      { dimension: 'style', value: 'Boho', weight: 0.4, source: 'explicit' },
    ]);
    expect(names(await built(alice))).toEqual([['Teal color', ['Velvet sofa']], ['Boho style', ['Rattan basket']]]);
  });

  it('finds a brand written in another case, and shows only active products in stock', async () => {
    await w.product('acme', { name: 'Lamp', brand: 'Fjord' });
    await w.product('acme', { name: 'Sold out', brand: 'Fjord', stock: 0 });
    await w.product('acme', { name: 'Draft', brand: 'Fjord', status: 'draft' });
    await w.product('acme', { name: 'Fjord poster' });
    await interests(alice, [{ dimension: 'brand', value: 'fjord', weight: 0.8, source: 'explicit' }]);
    expect(names(await built(alice))).toEqual([['fjord', ['Lamp']]]);
  });

  it('keeps to the limits asked for and never shows a product twice', async () => {
    for (let i = 0; i < 8; i++) await w.product('acme', { name: `Item ${i}`, tags: ['a', 'b', 'c'] });
    await interests(alice, ['a', 'b', 'c'].map((value, i) => ({ dimension: 'tag', value, weight: 1 - i / 10, source: 'explicit' as const })));
    const board = await built(alice, alice.userId, { sections: 2, productsPerSection: 3 });
    expect(board.sections.map((s) => s.products.length)).toEqual([3, 3]);
    const ids = board.sections.flatMap((s) => s.products.map((p) => p.productId));
    expect(new Set(ids).size).toBe(6);
    const whole = await built(alice);
    expect(whole.sections.map((s) => s.products.length)).toEqual([6, 2]);
  });

  it('shows the store\'s best sellers the user has not bought when no interest fits, and conflict only with nothing in stock', async () => {
    const mug = await w.product('acme', { name: 'Mug', tags: ['kitchen'] });
    await w.product('acme', { name: 'Lamp' });
    await w.product('acme', { name: 'Sold out', stock: 0 });
    await w.product('acme', { name: 'Draft', status: 'draft' });
    const placed = await new PlaceOrder(w.uow, w.ids, w.clock).execute({ actor: alice, items: [{ productId: mug.id, quantity: 2 }] });
    if (!placed.ok) throw new Error(placed.error.message);
    expect((await new TransitionOrder(w.uow, w.ids, w.clock).execute({ actor: staff, id: placed.value.id, to: 'paid' })).ok).toBe(true);
    const popular = { heading: 'Popular now', dimension: 'popular', value: '', weight: 0, source: 'popular' };
    // Bob has no interests: the best seller first.
    const forBob = await built(bob);
    expect(forBob.sections).toMatchObject([popular]);
    expect(names(forBob)).toEqual([['Popular now', ['Mug', 'Lamp']]]);
    // Alice's interest fits nothing, and she bought the mug already.
    await interests(alice, [{ dimension: 'category', value: 'Nowhere', weight: 1, source: 'explicit' }]);
    expect(names(await built(alice))).toEqual([['Popular now', ['Lamp']]]);
    await interests(alice, [
      { dimension: 'category', value: 'Nowhere', weight: 1, source: 'explicit' },
      { dimension: 'tag', value: 'kitchen', weight: 0.2, source: 'explicit' },
    ]);
    expect(names(await built(alice))).toEqual([['Kitchen', ['Mug']]]);
    const elsewhere = await w.member('globex');
    const empty = await create.execute({ actor: elsewhere, userId: elsewhere.userId });
    expect(empty.ok ? null : empty.error.code).toBe('conflict');
  });

  it('keeps the snapshot when the catalogue changes later', async () => {
    const mug = await w.product('acme', { name: 'Mug', tags: ['kitchen'], price: eur(900) });
    await interests(alice, [{ dimension: 'tag', value: 'kitchen', weight: 1, source: 'explicit' }]);
    const board = await built(alice, alice.userId, { title: 'My kitchen' });
    await w.product('acme', { ...mug, name: 'Renamed', price: eur(100), status: 'archived' });
    const read = await get.execute({ actor: staff, id: board.id });
    expect(read.ok && [read.value.title, read.value.sections[0]?.products[0]?.name, read.value.sections[0]?.products[0]?.price]).toEqual(['My kitchen', 'Mug', eur(900)]);
  });

  it('lets users build their own boards and staff anyone\'s; hides boards from everyone else', async () => {
    await w.product('acme', { name: 'Mug', tags: ['kitchen'] });
    await interests(bob, [{ dimension: 'tag', value: 'kitchen', weight: 1, source: 'explicit' }]);
    const forbidden = await create.execute({ actor: alice, userId: bob.userId });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('forbidden');
    const stranger = await w.member('globex', 'owner');
    const elsewhere = await create.execute({ actor: stranger, userId: bob.userId });
    expect(elsewhere.ok ? null : elsewhere.error.code).toBe('not_found');
    expect((await create.execute({ actor: staff, userId: 'ghost' })).ok).toBe(false);

    const board = await built(staff, bob.userId);
    expect(board.userId).toBe(bob.userId);
    const reads = await Promise.all([bob, staff, alice, stranger].map((actor) => get.execute({ actor, id: board.id })));
    expect(reads.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'not_found', 'not_found']);
    const missing = await get.execute({ actor: staff, id: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });
});
