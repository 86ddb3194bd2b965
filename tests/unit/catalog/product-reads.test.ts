// GetProduct, SearchProducts, AutocompleteProducts, ListNewArrivals, GetPriceHistory and
// ListDeals: visibility by role, fallbacks and the deal window.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SearchProductsInput } from '../../../application/catalog/search-products';
import { DAY, catalogWorld, eur, type CatalogWorld } from './catalog-fixture';

let w: CatalogWorld;
beforeEach(() => {
  w = catalogWorld();
});

describe('GetProduct', () => {
  it('shows customers active products only, staff everything, other companies nothing', async () => {
    const live = await w.product('G-1');
    const draft = await w.product('G-2', { status: 'draft' });
    expect(await w.uc.get.execute({ actor: w.customer, id: live.id })).toEqual({ ok: true, value: live });
    expect(await w.uc.get.execute({ actor: w.customer, id: draft.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.uc.get.execute({ actor: w.staff, id: draft.id })).toEqual({ ok: true, value: draft });
    expect(await w.uc.get.execute({ actor: w.actor('owner', 'globex'), id: live.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('SearchProducts', () => {
  const search = (input: Partial<SearchProductsInput> & Pick<SearchProductsInput, 'actor'>) =>
    w.uc.search.execute({ sort: 'newest', page: { limit: 50 }, ...input }).then((r) => (r.ok ? r.value.items.map((p) => p.sku) : r));

  beforeEach(async () => {
    await w.product('S-1', { name: 'Blue mug' });
    await w.product('S-2', { name: 'Red mug', status: 'draft' });
    await w.product('S-3', { name: 'Green mug', status: 'archived' });
    await w.product('S-4', { name: 'Tea pot', tags: ['Kitchen'] });
  });

  it('lists active products to customers whatever status they ask for', async () => {
    expect(await search({ actor: w.customer })).toEqual(['S-4', 'S-1']);
    expect(await search({ actor: w.customer, status: 'active' })).toEqual(['S-4', 'S-1']);
    expect(await search({ actor: w.customer, status: 'draft' })).toEqual([]);
  });

  it('lists draft and active products to staff by default, or the status they ask for', async () => {
    expect(await search({ actor: w.staff })).toEqual(['S-4', 'S-2', 'S-1']);
    expect(await search({ actor: w.staff, status: 'archived' })).toEqual(['S-3']);
  });

  it('normalises the query and the tag, and falls back to newest for relevance without text', async () => {
    expect(await search({ actor: w.staff, q: '  MUG! ', sort: 'price_asc' })).toEqual(expect.arrayContaining(['S-1', 'S-2']));
    expect(await search({ actor: w.staff, q: '???', sort: 'relevance' })).toEqual(['S-4', 'S-2', 'S-1']);
    expect(await search({ actor: w.staff, tag: ' KITCHEN ' })).toEqual(['S-4']);
    expect(await search({ actor: w.actor('staff', 'globex') })).toEqual([]);
  });
});

describe('AutocompleteProducts', () => {
  it('suggests active names of the company, by prefix or close spelling, at most 10', async () => {
    for (let i = 0; i < 12; i++) await w.product(`M-${i}`, { name: `Mug ${i}` });
    await w.product('L-1', { name: 'Leather boots' });
    await w.product('L-2', { name: 'Leather hat', status: 'draft' });
    const names = async (q: string, actor = w.customer) => {
      const result = await w.uc.autocomplete.execute({ actor, q });
      return result.ok ? result.value.map((s) => s.name) : [];
    };
    expect(await names('  LEATH ')).toEqual(['Leather boots']);
    expect(await names('lether')).toEqual(['Leather boots']);
    expect(await names('mug')).toHaveLength(10);
    expect(await names('   ')).toEqual([]);
    expect(await names('leath', w.actor('customer', 'globex'))).toEqual([]);
  });
});

describe('ListNewArrivals', () => {
  it('lists the newest active products first', async () => {
    await w.product('N-1');
    await w.product('N-2', { status: 'draft' });
    await w.product('N-3');
    const result = await w.uc.newArrivals.execute({ actor: w.customer, page: { limit: 5 } });
    expect(result.ok && result.value).toEqual({ items: [expect.objectContaining({ sku: 'N-3' }), expect.objectContaining({ sku: 'N-1' })], nextCursor: null });
    const one = await w.uc.newArrivals.execute({ actor: w.customer, page: { limit: 1 } });
    expect(one.ok && one.value.items.map((p) => p.sku)).toEqual(['N-3']);
    const rest = await w.uc.newArrivals.execute({ actor: w.customer, page: { limit: 1, cursor: (one.ok && one.value.nextCursor) || undefined } });
    expect(rest.ok && rest.value).toEqual({ items: [expect.objectContaining({ sku: 'N-1' })], nextCursor: null });
  });
});

describe('GetPriceHistory', () => {
  it('returns the points of a visible product, oldest first, within inclusive bounds', async () => {
    const p = await w.product('H-1');
    const t0 = w.clock.now();
    w.clock.advance(DAY);
    await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: eur(900) });
    const t1 = w.clock.now();
    w.clock.advance(DAY);
    await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: eur(800) });
    const cents = async (from?: Date, to?: Date) => {
      const result = await w.uc.history.execute({ actor: w.customer, id: p.id, from, to, page: { limit: 10 } });
      return result.ok ? result.value.items.map((pt) => pt.price.amountCents) : result.error.code;
    };
    expect(await cents()).toEqual([1000, 900, 800]);
    expect(await cents(t1)).toEqual([900, 800]);
    expect(await cents(t0, t1)).toEqual([1000, 900]);
    expect(await cents(t1, t0)).toBe('validation_failed');
  });

  it('hides drafts from customers and other companies', async () => {
    const draft = await w.product('H-2', { status: 'draft' });
    const page = { limit: 10 };
    expect(await w.uc.history.execute({ actor: w.customer, id: draft.id, page })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await w.uc.history.execute({ actor: w.staff, id: draft.id, page })).ok).toBe(true);
    expect(await w.uc.history.execute({ actor: w.actor('staff', 'globex'), id: draft.id, page })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('ListDeals', () => {
  const price = (id: string, cents: number) => w.uc.changePrice.execute({ actor: w.staff, id, price: eur(cents) });
  const deals = async (limit = 20) => {
    const result = await w.uc.deals.execute({ actor: w.customer, page: { limit } });
    return result.ok ? result.value.items.map((d) => [d.product.sku, d.currentPrice.amountCents, d.medianPrice.amountCents, d.dropPercent]) : [];
  };

  it('ranks active products below their 30-day median, counting the price in force when the window opened', async () => {
    const a = await w.product('D-A', { price: eur(1000) });
    const b = await w.product('D-B', { price: eur(2000) });
    const c = await w.product('D-C', { price: eur(500) });
    const gone = await w.product('D-X', { price: eur(1000) });
    w.clock.advance(40 * DAY);
    // Window: the last 30 days. a: 1000 (in force at start), 1200, 600 -> median 1000, 40% off.
    await price(a.id, 1200);
    w.clock.advance(DAY);
    await price(a.id, 600);
    // b: 2000 at start, then 1800 -> median 1900, 5.26% off.
    await price(b.id, 1800);
    // c: raised, no deal. gone: dropped but archived.
    await price(c.id, 700);
    await price(gone.id, 100);
    await w.uc.archive.execute({ actor: w.staff, id: gone.id });
    expect(await deals()).toEqual([
      ['D-A', 600, 1000, 40],
      ['D-B', 1800, 1900, 5.26],
    ]);
    expect(await deals(1)).toHaveLength(1);
    // Once the changes fall out of the window, one price remains in force: no deal.
    w.clock.advance(31 * DAY);
    expect(await deals()).toEqual([]);
  });

  it('sees only the company of the caller', async () => {
    const a = await w.product('D-1', { price: eur(1000) });
    w.clock.advance(DAY);
    await price(a.id, 500);
    expect(await deals()).toHaveLength(1);
    const other = await w.uc.deals.execute({ actor: w.actor('customer', 'globex'), page: { limit: 20 } });
    expect(other).toEqual({ ok: true, value: { items: [], nextCursor: null } });
  });

  it('never lists a product free for most of the window: no drop is measured from a zero median', async () => {
    const free = await w.product('D-FREE', { price: eur(0) });
    const paid = await w.product('D-PAID', { price: eur(1000) });
    w.clock.advance(DAY);
    // free: 0, 500, 0 -> median 0, where a drop would be 0/0.
    await price(free.id, 500);
    await price(free.id, 0);
    // paid: 1000, then given away: median 500 -> 0, a 100% drop.
    await price(paid.id, 0);
    expect(await deals()).toEqual([['D-PAID', 0, 500, 100]]);
  });

  it('pages by the largest drop, then product id, each deal once', async () => {
    const drops = [40, 10, 40, 25, 10];
    for (const [i, drop] of drops.entries()) {
      const p = await w.product(`D-P${i}`, { price: eur(1000) });
      await price(p.id, 1000 - drop * 10);
    }
    const all = await deals();
    const percents = all.map((d) => d[3] as number);
    expect(percents).toHaveLength(5);
    expect(percents).toEqual([...percents].sort((x, y) => y - x));
    expect(new Set(percents).size).toBe(3);
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const result = await w.uc.deals.execute({ actor: w.customer, page: { limit: 2, cursor } });
      if (!result.ok) throw new Error('deals failed');
      expect(result.value.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.value.items.map((d) => [d.product.sku, d.currentPrice.amountCents, d.medianPrice.amountCents, d.dropPercent]));
      cursor = result.value.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });
});
