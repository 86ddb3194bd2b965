import { expect, it } from 'vitest';
import type { ProductSearch } from '../../application/ports/product-repository';
import type { Product } from '../../domain/catalog/product';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function productRepositoryContract(store: StoreGetter): void {
  const base = new Date('2026-03-01T00:00:00Z').getTime();
  const make = (companyId: string, i: number, extra: Partial<Product> = {}): Product => ({
    id: `p-${String(i).padStart(3, '0')}-${uniqueId()}`,
    companyId,
    sku: `SKU-${i}`,
    name: `Product ${i}`,
    description: '',
    categoryId: null,
    brand: null,
    tags: [],
    attributes: {},
    price: { amountCents: 1000, currency: 'EUR' },
    stock: 5,
    imageUrl: null,
    status: 'active',
    createdAt: new Date(base + i * 1000),
    updatedAt: new Date(base + i * 1000),
    ...extra,
  });
  const save = (...products: Product[]) =>
    store().uow.run(async (tx) => {
      await tx.products.saveMany(products);
      return ok(undefined);
    });
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
    ];
    await save(...products, make(uniqueId(), 8, { name: 'Foreign sneakers' }));
    const sku = new Map(products.map((p) => [p.id, p.sku]));
    const search = async (query: Partial<ProductSearch>): Promise<string[]> => {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await (await repo()).search({ companyId, statuses: ['active'], sort: 'newest', page: { limit: 2, cursor }, ...query });
        all.push(...page.items.map((p) => sku.get(p.id) ?? 'foreign'));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    };
    return { companyId, products, search };
  }

  it('reads back what it saved, by id, ids, sku and skus, only within the company', async () => {
    const companyId = uniqueId();
    const p = make(companyId, 1, { tags: ['a', 'b'], attributes: { color: 'red' }, brand: 'X', imageUrl: 'https://img/x.png' });
    await save(p);
    const r = await repo();
    expect(await r.byId(companyId, p.id)).toEqual(p);
    expect(await r.byId(uniqueId(), p.id)).toBeNull();
    expect(await r.byIds(companyId, [p.id, 'missing'])).toEqual([p]);
    expect(await r.bySku(companyId, 'SKU-1')).toEqual(p);
    expect(await r.bySkus(companyId, ['SKU-1', 'SKU-404'])).toEqual([p]);
    expect(await r.bySkus(uniqueId(), ['SKU-1'])).toEqual([]);
  });

  it('filters by category, brand, tag, price range, stock and status', async () => {
    const { search } = await catalog();
    expect(await search({ categoryId: 'shoes', sort: 'price_asc' })).toEqual(['SKU-1', 'SKU-2']);
    expect(await search({ brand: 'Fjord', sort: 'price_asc' })).toEqual(['SKU-3', 'SKU-1', 'SKU-7']);
    expect(await search({ tag: 'winter', sort: 'price_asc' })).toEqual(['SKU-4', 'SKU-2']);
    expect(await search({ minPriceCents: 5000, maxPriceCents: 9000, sort: 'price_asc' })).toEqual(['SKU-3', 'SKU-1', 'SKU-7']);
    expect(await search({ inStock: false })).toEqual(['SKU-2']);
    expect(await search({ inStock: true, sort: 'price_desc' })).toEqual(['SKU-1', 'SKU-7', 'SKU-3', 'SKU-4']);
    expect(await search({ statuses: ['draft', 'archived'], sort: 'price_asc' })).toEqual(['SKU-5', 'SKU-6']);
  });

  it('sorts by every order and pages through each item exactly once', async () => {
    const { search, products } = await catalog();
    expect(await search({ sort: 'newest' })).toEqual(['SKU-7', 'SKU-4', 'SKU-3', 'SKU-2', 'SKU-1']);
    // Ties on price fall back to id order, so equal prices page stably.
    const [p1, p7] = [products[0], products[6]].map((p) => p?.id ?? '');
    const tie = [p1, p7].sort().map((id) => (id === p1 ? 'SKU-1' : 'SKU-7'));
    expect(await search({ sort: 'price_asc' })).toEqual(['SKU-4', 'SKU-3', ...tie, 'SKU-2']);
    expect(await search({ sort: 'price_desc' })).toEqual(['SKU-2', ...tie, 'SKU-3', 'SKU-4']);
  });

  it('sorts by popularity from the sales counters', async () => {
    const { companyId, products, search } = await catalog();
    const [p1, , p3, p4] = products;
    await store().uow.run(async (tx) => {
      await tx.products.countSales(companyId, [{ productId: p3!.id, quantity: 5 }, { productId: p1!.id, quantity: 2 }], 1);
      await tx.products.countSales(companyId, [{ productId: p4!.id, quantity: 3 }], 1);
      await tx.products.countSales(companyId, [{ productId: p4!.id, quantity: 2 }], -1);
      return ok(undefined);
    });
    const ranked = await search({ sort: 'popularity' });
    expect(ranked.slice(0, 3)).toEqual(['SKU-3', 'SKU-1', 'SKU-4']);
    // A product write never resets the counter.
    await save({ ...p3!, name: 'Canvas sneakers v2' });
    expect((await search({ sort: 'popularity' }))[0]).toBe('SKU-3');
  });

  it('matches words across name, description, brand and tags, and close misspellings of names', async () => {
    const { search } = await catalog();
    const sorted = async (q: string) => (await search({ q, sort: 'price_asc' })).sort();
    expect(await sorted('sneakers')).toEqual(['SKU-1', 'SKU-3']);
    expect(await sorted('running')).toEqual(['SKU-1', 'SKU-7']);
    expect(await sorted('marlow')).toEqual(['SKU-2', 'SKU-4']);
    expect(await sorted('knit')).toEqual(['SKU-4']);
    // Every word matching beats a close spelling: the full match ranks first.
    expect(await search({ q: 'trail sneakers', sort: 'relevance' })).toEqual(['SKU-1', 'SKU-3']);
    expect(await sorted('snekaers')).toEqual(['SKU-1', 'SKU-3']);
    expect(await sorted('zebra')).toEqual([]);
    const relevance = await search({ q: 'sneakers', sort: 'relevance' });
    expect(relevance.sort()).toEqual(['SKU-1', 'SKU-3']);
  });

  it('autocompletes active names by prefix and close spelling', async () => {
    const { companyId } = await catalog();
    const names = async (q: string) => (await (await repo()).autocomplete(companyId, q, 10)).map((p) => p.name);
    expect(await names('leat')).toEqual(['Leather boots']);
    expect(await names('sneak')).toEqual(expect.arrayContaining(['Canvas sneakers', 'Trail running sneakers']));
    expect(await names('lether')).toContain('Leather boots');
    expect(await names('draft')).toEqual([]);
  });

  it('lists newest active products and counts products per category', async () => {
    const { companyId } = await catalog();
    const r = await repo();
    expect((await r.newest(companyId, 2)).map((p) => p.sku)).toEqual(['SKU-7', 'SKU-4']);
    expect(await r.countInCategory(companyId, 'shoes')).toBe(2);
    expect(await r.countInCategory(uniqueId(), 'shoes')).toBe(0);
  });

  it('takes stock for every line or for none, and returns it', async () => {
    const companyId = uniqueId();
    const a = make(companyId, 1, { stock: 3 });
    const b = make(companyId, 2, { stock: 1 });
    await save(a, b);
    const take = (lines: { productId: string; quantity: number }[], company = companyId) =>
      store().uow.run(async (tx) => ok(await tx.products.takeStock(company, lines)));
    expect(await take([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }])).toEqual(ok(false));
    expect(await take([{ productId: a.id, quantity: 1 }], uniqueId())).toEqual(ok(false));
    expect(await take([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }])).toEqual(ok(true));
    const r = await repo();
    expect([(await r.byId(companyId, a.id))?.stock, (await r.byId(companyId, b.id))?.stock]).toEqual([1, 0]);
    await store().uow.run(async (tx) => {
      await tx.products.returnStock(companyId, [{ productId: b.id, quantity: 4 }]);
      return ok(undefined);
    });
    expect((await r.byId(companyId, b.id))?.stock).toBe(4);
  });

  it('treats a forged cursor as the end of the list', async () => {
    const { companyId } = await catalog();
    const page = await (await repo()).search({ companyId, statuses: ['active'], sort: 'price_asc', page: { limit: 2, cursor: 'garbage!' } });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
}
