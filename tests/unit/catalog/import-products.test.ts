import { beforeEach, describe, expect, it } from 'vitest';
import type { ProductInput } from '../../../application/catalog/product-changes';
import { catalogWorld, eur, type CatalogWorld } from './catalog-fixture';

let w: CatalogWorld;
beforeEach(() => {
  w = catalogWorld();
});

const row = (sku: string, extra: Partial<ProductInput> = {}): ProductInput => ({ sku, name: `Item ${sku}`, price: eur(1000), stock: 3, ...extra });
const all = () => w.uow.read((r) => r.products.search({ companyId: 'acme', statuses: ['draft', 'active', 'archived'], sort: 'price_asc', page: { limit: 100 } }));

describe('ImportProducts', () => {
  it('creates new skus and replaces existing ones, with the events and points each change owes', async () => {
    const existing = await w.product('I-1', { brand: 'Kettle', description: 'old', status: 'draft' });
    const result = await w.uc.import.execute({ actor: w.staff, rows: [row('I-1', { price: eur(900), stock: 7 }), row('I-2'), row('I-3', { status: 'draft' })] });
    expect(result).toEqual({ ok: true, value: { created: 2, updated: 1 } });
    const items = (await all()).items;
    expect(items.map((p) => [p.sku, p.price.amountCents, p.status])).toEqual([['I-1', 900, 'active'], ['I-2', 1000, 'active'], ['I-3', 1000, 'draft']]);
    // A row is the whole product: absent fields take their defaults.
    expect(items[0]).toMatchObject({ id: existing.id, brand: null, description: '', stock: 7, createdAt: existing.createdAt });
    const events = (await w.events()).slice(1).map((e) => e.type);
    expect(events).toEqual(['ProductUpserted', 'PriceChanged', 'StockChanged', 'ProductUpserted', 'ProductUpserted']);
    expect((await w.points('acme', existing.id)).map((p) => p.price.amountCents)).toEqual([1000, 900]);
    expect(await w.points('acme', items[1]!.id)).toHaveLength(1);
  });

  it('writes nothing when any row is bad, and names every bad row', async () => {
    await w.product('I-9');
    const rows = [row('J-1'), row('J-2', { stock: -1 }), row('J-1'), row('J-4', { categoryId: 'nope' }), row('bad sku'), row('J-6', { name: ' ' })];
    const result = await w.uc.import.execute({ actor: w.staff, rows });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation_failed');
    expect(result.error.details?.map((d) => d.path)).toEqual(['rows[1].stock', 'rows[2].sku', 'rows[3].categoryId', 'rows[4].sku', 'rows[5].name']);
    expect((await all()).items.map((p) => p.sku)).toEqual(['I-9']);
    expect(await w.events()).toHaveLength(1);
  });

  it('refuses the whole batch when a row prices an existing product in another currency, naming the row', async () => {
    const existing = await w.product('M-1');
    const usd = { amountCents: 1000, currency: 'USD' };
    const result = await w.uc.import.execute({ actor: w.staff, rows: [row('M-0', { price: usd }), row('M-1', { price: usd, stock: 9 }), row('M-2')] });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', details: [{ path: 'rows[1].price.currency' }] } });
    expect((await all()).items).toEqual([existing]);
    expect(await w.events()).toHaveLength(1);
    expect(await w.points('acme', existing.id)).toHaveLength(1);
  });

  it('takes 1..1000 rows from staff and above only', async () => {
    expect(await w.uc.import.execute({ actor: w.customer, rows: [row('K-1')] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.uc.import.execute({ actor: w.staff, rows: [] })).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ path: 'rows' }] } });
    const many = Array.from({ length: 1001 }, (_, i) => row(`K-${i}`));
    expect(await w.uc.import.execute({ actor: w.staff, rows: many })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await w.uc.import.execute({ actor: w.staff, rows: many.slice(0, 1000) })).toEqual({ ok: true, value: { created: 1000, updated: 0 } });
  });

  it('upserts within the company of the caller only', async () => {
    const theirs = await w.uc.create.execute({ actor: w.actor('staff', 'globex'), product: row('X-1') });
    expect(await w.uc.import.execute({ actor: w.staff, rows: [row('X-1', { price: eur(1) })] })).toEqual({ ok: true, value: { created: 1, updated: 0 } });
    expect(theirs.ok && (await w.uow.read((r) => r.products.byId('globex', theirs.value.id)))?.price).toEqual(eur(1000));
  });
});
