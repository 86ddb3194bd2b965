// The ProductRepository contract: one fixed catalog, the same answers from every adapter.
// Text search is checked by which products match, not by rank (ts_rank and the memory score differ).
import { expect, it } from 'vitest';
import { PRODUCT_SORTS, type ProductSearch, type StockTake } from '../../application/ports/product-repository';
import type { Transaction } from '../../application/ports/unit-of-work';
import type { Product } from '../../domain/catalog/product';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import { aProduct } from '../support/products';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function productRepositoryContract(store: StoreGetter): void {
  const base = new Date('2026-03-01T00:00:00Z').getTime();
  const make = (companyId: string, i: number, extra: Partial<Product> = {}): Product =>
    aProduct(companyId, {
      id: `p-${String(i).padStart(3, '0')}-${uniqueId()}`,
      sku: `SKU-${i}`,
      name: `Product ${i}`,
      createdAt: new Date(base + i * 1000),
      updatedAt: new Date(base + i * 1000),
      ...extra,
    });
  /** Runs `work` in a committed transaction and answers what it returned. */
  const write = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
    const result = await store().uow.run(async (tx) => ok(await work(tx)));
    if (!result.ok) throw new Error('unreachable: the work never fails');
    return result.value;
  };
  const save = (...products: Product[]) => write((tx) => tx.products.saveMany(products));
  const repo = () => store().uow.read(async (r) => r.products);

  /** A fixed catalog: every adapter must answer the same questions about it identically. */
  async function catalog() {
    const companyId = uniqueId();
    const products = [
      make(companyId, 1, { name: 'Trail running sneakers', brand: 'Fjord', tags: ['outdoor'], price: { amountCents: 9000, currency: 'EUR' }, stock: 3, categoryId: 'shoes', description: 'grippy soles' }),
      make(companyId, 2, { name: 'Leather boots', brand: 'Marlow', tags: ['winter'], price: { amountCents: 15000, currency: 'EUR' }, stock: 0, categoryId: 'shoes' }),
      make(companyId, 3, { name: 'Canvas sneakers', brand: 'Fjord', tags: ['summer'], price: { amountCents: 5000, currency: 'EUR' }, stock: 10 }),
      make(companyId, 4, { name: 'Wool socks', brand: 'Marlow', tags: ['winter', 'knit'], price: { amountCents: 1500, currency: 'EUR' }, stock: 50 }),
      make(companyId, 5, { name: 'Draft hat', status: 'draft', price: { amountCents: 2000, currency: 'EUR' } }),
      make(companyId, 6, { name: 'Old scarf', status: 'archived', price: { amountCents: 2500, currency: 'EUR' } }),
      make(companyId, 7, { name: 'Rain jacket', brand: 'Fjord', tags: ['outdoor'], price: { amountCents: 9000, currency: 'EUR' }, stock: 1, description: 'waterproof shell for running' }),
      make(companyId, 8, { name: 'Linen shirt', brand: 'Marlow', tags: ['summer'], price: { amountCents: 5000, currency: 'EUR' }, stock: 2, createdAt: new Date(base + 4000) }),
    ];
    await save(...products, make(uniqueId(), 9, { name: 'Foreign sneakers', price: { amountCents: 1, currency: 'EUR' } }));
    const sku = new Map(products.map((p) => [p.id, p.sku]));
    const search = async (query: Partial<ProductSearch>, limit = 2): Promise<string[]> => {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await (await repo()).search({ companyId, statuses: ['active'], sort: 'newest', page: { limit, cursor }, ...query });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        all.push(...page.items.map((p) => sku.get(p.id) ?? 'foreign'));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    };
    const byId = (...skus: string[]) => {
      const idOf = new Map(products.map((p) => [p.sku, p.id]));
      return [...skus].sort((a, b) => ((idOf.get(a) ?? '') < (idOf.get(b) ?? '') ? -1 : 1));
    };
    return { companyId, products, search, byId };
  }

  it('reads back what it saved, by id, ids, sku and skus, only within the company', async () => {
    const companyId = uniqueId();
    const p = make(companyId, 1, { tags: ['a', 'b'], attributes: { color: 'red' }, brand: 'X', imageUrl: 'https://img/x.png', description: 'long text' });
    expect(await save(p)).toBe(true);
    const r = await repo();
    expect(await r.byId(companyId, p.id)).toEqual(p);
    expect(await r.byId(uniqueId(), p.id)).toBeNull();
    expect(await r.byId(companyId, 'missing')).toBeNull();
    expect(await r.byIds(companyId, [p.id, 'missing', p.id])).toEqual([p]);
    expect(await r.byIds(companyId, [])).toEqual([]);
    expect(await r.byIds(uniqueId(), [p.id])).toEqual([]);
    expect(await r.bySku(companyId, 'SKU-1')).toEqual(p);
    expect(await r.bySku(uniqueId(), 'SKU-1')).toBeNull();
    expect(await r.bySkus(companyId, ['SKU-1', 'SKU-404'])).toEqual([p]);
    expect(await r.bySkus(uniqueId(), ['SKU-1'])).toEqual([]);
  });

  it('replaces by id, and refuses a sku another product of the company holds', async () => {
    const companyId = uniqueId();
    const a = make(companyId, 1);
    const b = make(companyId, 2);
    await save(a, b);
    const renamed = { ...a, name: 'Renamed', stock: 9, updatedAt: new Date(base + 99_000) };
    expect(await write((tx) => tx.products.save(renamed))).toBe(true);
    expect(await (await repo()).byId(companyId, a.id)).toEqual(renamed);
    // b taking a's sku: refused, nothing written, and the transaction stays usable.
    const clash = await write(async (tx) => [await tx.products.save({ ...b, sku: a.sku, name: 'Clash' }), await tx.products.save({ ...b, name: 'After' })]);
    expect(clash).toEqual([false, true]);
    expect((await (await repo()).byId(companyId, b.id))?.name).toBe('After');
    // The same sku in another company is fine.
    expect(await save(make(uniqueId(), 1))).toBe(true);
  });

  it('lets one of two concurrent writers of a new sku win; the other is told, not failed', async () => {
    const companyId = uniqueId();
    const attempt = (i: number) =>
      store().uow.run(async (tx) => {
        if (await tx.products.bySku(companyId, 'RACE')) return ok(false);
        return ok(await tx.products.save(make(companyId, i, { sku: 'RACE' })));
      });
    const outcomes = await Promise.all([attempt(1), attempt(2), attempt(3)]);
    expect(outcomes.filter((o) => o.ok && o.value)).toHaveLength(1);
    expect(await (await repo()).bySkus(companyId, ['RACE'])).toHaveLength(1);
  });

  it('saves many in one write: all of them, or none when any sku clashes', async () => {
    const companyId = uniqueId();
    const existing = make(companyId, 1);
    await save(existing);
    const fresh = make(companyId, 2);
    expect(await save(fresh, make(companyId, 3, { sku: existing.sku }))).toBe(false);
    expect(await (await repo()).byId(companyId, fresh.id)).toBeNull();
    expect(await save(make(companyId, 4, { sku: 'TWIN' }), make(companyId, 5, { sku: 'TWIN' }))).toBe(false);
    expect(await (await repo()).bySku(companyId, 'TWIN')).toBeNull();
    const batch = Array.from({ length: 250 }, (_, i) => make(companyId, 10 + i));
    expect(await save(...batch, { ...existing, name: 'Updated in bulk' })).toBe(true);
    const r = await repo();
    expect(await r.byIds(companyId, batch.map((p) => p.id))).toHaveLength(250);
    expect((await r.byId(companyId, existing.id))?.name).toBe('Updated in bulk');
    expect(await save()).toBe(true);
  });

  it('filters by category, brand, tag, price range, stock and status', async () => {
    const { search, byId } = await catalog();
    expect(await search({ categoryId: 'shoes', sort: 'price_asc' })).toEqual(['SKU-1', 'SKU-2']);
    expect(await search({ brand: 'Fjord', sort: 'price_asc' })).toEqual(['SKU-3', ...byId('SKU-1', 'SKU-7')]);
    expect(await search({ tag: 'winter', sort: 'price_asc' })).toEqual(['SKU-4', 'SKU-2']);
    expect(await search({ minPriceCents: 5000, maxPriceCents: 9000, sort: 'price_asc' })).toEqual([...byId('SKU-3', 'SKU-8'), ...byId('SKU-1', 'SKU-7')]);
    expect(await search({ minPriceCents: 9001, maxPriceCents: 9000 })).toEqual([]);
    expect(await search({ inStock: false })).toEqual(['SKU-2']);
    expect(await search({ inStock: true, brand: 'Marlow', sort: 'price_asc' })).toEqual(['SKU-4', 'SKU-8']);
    expect(await search({ statuses: ['draft', 'archived'], sort: 'price_asc' })).toEqual(['SKU-5', 'SKU-6']);
    expect(await search({ statuses: ['draft', 'active'], categoryId: 'shoes', tag: 'outdoor', inStock: true, brand: 'Fjord' })).toEqual(['SKU-1']);
  });

  it('filters by the whole brand ignoring case, as text search does, on every store alike', async () => {
    const { search, byId } = await catalog();
    expect(await search({ brand: 'fjord', sort: 'price_asc' })).toEqual(['SKU-3', ...byId('SKU-1', 'SKU-7')]);
    expect(await search({ brand: 'MARLOW', inStock: true, sort: 'price_asc' })).toEqual(['SKU-4', 'SKU-8']);
    expect(await search({ brand: 'Fjor' })).toEqual([]);
    // Beyond ASCII: lower() of PostgreSQL and PGlite and JavaScript's toLowerCase agree on these.
    const companyId = uniqueId();
    await save(make(companyId, 1, { brand: 'Élan Ωmega' }), make(companyId, 2, { brand: 'Elan Omega' }));
    const brands = async (brand: string) =>
      (await (await repo()).search({ companyId, brand, statuses: ['active'], sort: 'newest', page: { limit: 10 } })).items.map((p) => p.brand);
    expect(await brands('éLAN ωMEGA')).toEqual(['Élan Ωmega']);
    expect(await brands('ELAN OMEGA')).toEqual(['Elan Omega']);
  });

  it('sorts by every order, ties by id, and pages through each match exactly once at any page size', async () => {
    const { search, byId } = await catalog();
    // SKU-8 shares SKU-4's creation time: the later id comes first.
    const sameTime = [...byId('SKU-4', 'SKU-8')].reverse();
    expect(await search({ sort: 'newest' })).toEqual(['SKU-7', ...sameTime, 'SKU-3', 'SKU-2', 'SKU-1']);
    const cheapFirst = ['SKU-4', ...byId('SKU-3', 'SKU-8'), ...byId('SKU-1', 'SKU-7'), 'SKU-2'];
    expect(await search({ sort: 'price_asc' })).toEqual(cheapFirst);
    expect(await search({ sort: 'price_desc' })).toEqual(['SKU-2', ...byId('SKU-1', 'SKU-7'), ...byId('SKU-3', 'SKU-8'), 'SKU-4']);
    for (const sort of PRODUCT_SORTS) {
      const q = sort === 'relevance' ? 'sneakers' : undefined;
      const whole = await search({ sort, q }, 100);
      for (const limit of [1, 2, 3, 5]) expect(await search({ sort, q }, limit), `${sort} by ${limit}`).toEqual(whole);
      expect(new Set(whole).size).toBe(whole.length);
    }
  });

  it('keeps paging after the cursor when rows are added or changed in between', async () => {
    const { companyId, products, search } = await catalog();
    const r = await repo();
    const first = await r.search({ companyId, statuses: ['active'], sort: 'price_asc', page: { limit: 3 } });
    const served = first.items.map((p) => p.id);
    // A new cheapest product lands before the cursor; the next page neither repeats nor skips.
    await save(make(companyId, 50, { price: { amountCents: 1, currency: 'EUR' } }));
    const rest: string[] = [];
    let cursor = first.nextCursor ?? undefined;
    while (cursor) {
      const page = await r.search({ companyId, statuses: ['active'], sort: 'price_asc', page: { limit: 3, cursor } });
      rest.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    }
    const active = products.filter((p) => p.status === 'active').map((p) => p.id);
    expect([...served, ...rest].sort()).toEqual([...active].sort());
    expect(await search({ sort: 'price_asc' }, 100)).toHaveLength(active.length + 1);
  });

  it('sorts by popularity from the sales counters, never below zero, and keeps them across writes', async () => {
    const { companyId, products, search } = await catalog();
    const [p1, , p3, p4, , , p7] = products;
    const lines = (...pairs: [Product | undefined, number][]): StockTake[] => pairs.map(([p, quantity]) => ({ productId: p?.id ?? '', quantity }));
    await write(async (tx) => {
      await tx.products.countSales(companyId, lines([p3, 5], [p1, 2]), 1);
      await tx.products.countSales(companyId, lines([p4, 3]), 1);
      await tx.products.countSales(companyId, lines([p4, 2]), -1);
      await tx.products.countSales(companyId, lines([p7, 4]), -1);
      // Another company cannot move these counters.
      await tx.products.countSales(uniqueId(), lines([p7, 100]), 1);
    });
    const ranked = await search({ sort: 'popularity' });
    expect(ranked.slice(0, 3)).toEqual(['SKU-3', 'SKU-1', 'SKU-4']);
    expect(ranked).toHaveLength(6);
    await save({ ...p3!, name: 'Canvas sneakers v2' });
    expect((await search({ sort: 'popularity' }))[0]).toBe('SKU-3');
  });

  it('matches every word across name, description, brand and tags, and close misspellings of names', async () => {
    const { search } = await catalog();
    const matches = async (q: string) => (await search({ q, sort: 'price_asc' })).sort();
    expect(await matches('sneakers')).toEqual(['SKU-1', 'SKU-3']);
    expect(await matches('running')).toEqual(['SKU-1', 'SKU-7']);
    expect(await matches('marlow')).toEqual(['SKU-2', 'SKU-4', 'SKU-8']);
    expect(await matches('knit')).toEqual(['SKU-4']);
    expect(await matches('grippy soles')).toEqual(['SKU-1']);
    expect(await matches('fjord summer')).toEqual(['SKU-3']);
    expect(await matches('snekaers')).toEqual(['SKU-1', 'SKU-3']);
    expect(await matches('leathr')).toEqual(['SKU-2']);
    expect(await matches('zebra')).toEqual([]);
    // Drafts and other companies never match.
    expect(await matches('hat')).toEqual([]);
    expect(await matches('foreign')).toEqual([]);
    expect(await search({ q: 'hat', statuses: ['draft'] })).toEqual(['SKU-5']);
    // A full match outranks a close spelling.
    expect(await search({ q: 'trail sneakers', sort: 'relevance' })).toEqual(['SKU-1', 'SKU-3']);
  });

  it('autocompletes active names by prefix, word prefix and close spelling, best first', async () => {
    const { companyId } = await catalog();
    const names = async (q: string, limit = 10) => (await (await repo()).autocomplete(companyId, q, limit)).map((p) => p.name);
    expect(await names('leat')).toEqual(['Leather boots']);
    expect(await names('sneak')).toEqual(['Canvas sneakers', 'Trail running sneakers']);
    expect(await names('lether')).toContain('Leather boots');
    expect(await names('draft')).toEqual([]);
    expect(await names('foreign')).toEqual([]);
    expect(await names('w')).toEqual(['Wool socks']);
    expect(await names('100%_')).toEqual([]);
    expect(await names('s', 1)).toHaveLength(1);
    const hits = await (await repo()).autocomplete(companyId, 'rain', 10);
    expect(hits).toEqual([{ id: expect.any(String), name: 'Rain jacket' }]);
  });

  it('lists newest active products and counts products per category', async () => {
    const { companyId, byId } = await catalog();
    const r = await repo();
    const newest = ['SKU-7', ...[...byId('SKU-4', 'SKU-8')].reverse(), 'SKU-3', 'SKU-2', 'SKU-1'];
    expect((await r.newest(companyId, { limit: 3 })).items.map((p) => p.sku)).toEqual(newest.slice(0, 3));
    // SKU-4 and SKU-8 share their creation time: the higher id comes first, on every page size.
    for (const limit of [1, 2, 4, 100]) {
      expect((await walkPages(limit, (cursor) => r.newest(companyId, { limit, cursor }))).map((p) => p.sku)).toEqual(newest);
    }
    expect(await r.newest(uniqueId(), { limit: 3 })).toEqual({ items: [], nextCursor: null });
    for (const cursor of malformedCursors()) await expect(r.newest(companyId, { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
    expect(await r.countInCategory(companyId, 'shoes')).toBe(2);
    expect(await r.countInCategory(uniqueId(), 'shoes')).toBe(0);
  });

  it('scans every product of the company, any status, in id order at any page size', async () => {
    const { companyId, products } = await catalog();
    const expected = products.map((p) => p.id).sort();
    for (const pageSize of [1, 3, 100]) {
      const seen: string[] = [];
      for (let after: string | null = null; ; ) {
        const page = await (await repo()).scan(companyId, after, pageSize);
        expect(page.length).toBeLessThanOrEqual(pageSize);
        if (page.length === 0) break;
        seen.push(...page.map((p) => p.id));
        after = page[page.length - 1]!.id;
      }
      expect(seen).toEqual(expected);
    }
    expect(await (await repo()).scan(uniqueId(), null, 10)).toEqual([]);
  });

  it('takes stock for every line or for none, merges lines of one product, and returns it', async () => {
    const companyId = uniqueId();
    const a = make(companyId, 1, { stock: 3 });
    const b = make(companyId, 2, { stock: 1 });
    const foreign = make(uniqueId(), 3, { stock: 10 });
    await save(a, b);
    await save(foreign);
    const take = (lines: StockTake[], company = companyId) => write((tx) => tx.products.takeStock(company, lines));
    const stocks = async () => {
      const r = await repo();
      return [(await r.byId(companyId, a.id))?.stock, (await r.byId(companyId, b.id))?.stock, (await r.byId(foreign.companyId, foreign.id))?.stock];
    };
    expect(await take([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }])).toBe(false);
    expect(await take([{ productId: a.id, quantity: 2 }, { productId: a.id, quantity: 2 }])).toBe(false);
    expect(await take([{ productId: a.id, quantity: 1 }, { productId: foreign.id, quantity: 1 }])).toBe(false);
    expect(await take([{ productId: a.id, quantity: 1 }], uniqueId())).toBe(false);
    expect(await take([{ productId: 'missing', quantity: 1 }])).toBe(false);
    expect(await stocks()).toEqual([3, 1, 10]);
    expect(await take([{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 1 }, { productId: a.id, quantity: 1 }])).toBe(true);
    expect(await stocks()).toEqual([1, 0, 10]);
    await write(async (tx) => {
      await tx.products.returnStock(companyId, [{ productId: b.id, quantity: 4 }, { productId: foreign.id, quantity: 5 }, { productId: 'missing', quantity: 1 }]);
      await tx.products.returnStock(companyId, []);
    });
    expect(await stocks()).toEqual([1, 4, 10]);
    expect(await take([])).toBe(true);
  });

  it('refuses a cursor that is not one of its sort\'s', async () => {
    const { companyId } = await catalog();
    const r = await repo();
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const forged = ['garbage!', b64(['x', 'y']), b64(['not a date', 'id']), b64({}), b64([1.5]), b64([1.5, 'id', 3]), b64(null), ...malformedCursors()];
    for (const sort of PRODUCT_SORTS) {
      for (const cursor of forged) {
        await expect(r.search({ companyId, q: 'sneakers', statuses: ['active'], sort, page: { limit: 2, cursor } }), `${sort} ${cursor}`).rejects.toThrow(InvalidCursor);
      }
    }
    // A price that is not whole cents, and a creation time that is not a whole millisecond.
    await expect(r.search({ companyId, statuses: ['active'], sort: 'price_asc', page: { limit: 2, cursor: b64([1.5, 'id']) } })).rejects.toThrow(InvalidCursor);
    await expect(r.search({ companyId, statuses: ['active'], sort: 'newest', page: { limit: 2, cursor: b64([1.5, 'id']) } })).rejects.toThrow(InvalidCursor);
    // A well-formed key past every row is simply the end, even beyond any stored price.
    for (const sort of ['price_asc', 'popularity'] as const) {
      expect(await r.search({ companyId, statuses: ['active'], sort, page: { limit: 2, cursor: b64([sort === 'popularity' ? -1 : 2 ** 40, '']) } })).toEqual({ items: [], nextCursor: null });
    }
  });
}
