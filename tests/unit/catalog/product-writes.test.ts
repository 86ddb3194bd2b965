// CreateProduct, UpdateProduct, ArchiveProduct and ChangePrice: rules, tenancy, and what
// each write owes (events and price points).
import { beforeEach, describe, expect, it } from 'vitest';
import { catalogWorld, eur, type CatalogWorld } from './catalog-fixture';

let w: CatalogWorld;
beforeEach(() => {
  w = catalogWorld();
});

const types = async () => (await w.events()).map((e) => e.type);

describe('CreateProduct', () => {
  it('creates with defaults, records the first price point and emits ProductUpserted only', async () => {
    const p = await w.product('A-1', { tags: ['Red', 'red'], brand: ' Kettle ' });
    expect(p).toEqual({
      id: expect.any(String), companyId: 'acme', sku: 'A-1', name: 'Product A-1', description: '', categoryId: null, brand: 'Kettle',
      tags: ['red'], attributes: {}, price: eur(1000), stock: 5, imageUrl: null, status: 'active', createdAt: w.clock.now(), updatedAt: w.clock.now(),
    });
    expect(await w.uow.read((r) => r.products.byId('acme', p.id))).toEqual(p);
    expect(await w.points('acme', p.id)).toEqual([{ id: expect.any(String), companyId: 'acme', productId: p.id, price: eur(1000), at: w.clock.now() }]);
    expect(await types()).toEqual(['ProductUpserted']);
    expect((await w.events())[0]).toMatchObject({ companyId: 'acme', payload: { productId: p.id, sku: 'A-1', status: 'active' } });
  });

  it('refuses customers, bad fields, unknown categories and taken skus, writing nothing', async () => {
    const input = { sku: 'B-1', name: 'Mug', price: eur(100), stock: 1 };
    expect(await w.uc.create.execute({ actor: w.customer, product: input })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.uc.create.execute({ actor: w.staff, product: { ...input, stock: -1 } })).toMatchObject({
      ok: false, error: { code: 'validation_failed', details: [{ path: 'stock' }] },
    });
    expect(await w.uc.create.execute({ actor: w.staff, product: { ...input, categoryId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.events()).toEqual([]);
    await w.product('B-1');
    expect(await w.uc.create.execute({ actor: w.staff, product: input })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Another company may use the same sku; owners and admins may create too.
    expect((await w.uc.create.execute({ actor: w.actor('owner', 'globex'), product: input })).ok).toBe(true);
    expect((await w.uc.create.execute({ actor: w.actor('admin', 'globex'), product: { ...input, sku: 'B-2' } })).ok).toBe(true);
  });

  it('accepts a category of the company only', async () => {
    const category = await w.uc.createCategory.execute({ actor: w.staff, name: 'Mugs', parentId: null });
    if (!category.ok) throw new Error('category');
    expect((await w.product('C-1', { categoryId: category.value.id })).categoryId).toBe(category.value.id);
    const foreign = await w.uc.create.execute({ actor: w.actor('staff', 'globex'), product: { sku: 'C-2', name: 'x', price: eur(1), stock: 1, categoryId: category.value.id } });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('UpdateProduct', () => {
  it('changes given fields only, clears nullable ones with null, and emits what changed', async () => {
    const p = await w.product('U-1', { brand: 'Kettle', description: 'Old' });
    w.clock.advance(60_000);
    const updated = await w.uc.update.execute({ actor: w.staff, id: p.id, patch: { name: 'New', brand: null, price: eur(800), stock: 2, description: undefined } });
    expect(updated).toEqual({ ok: true, value: { ...p, name: 'New', brand: null, price: eur(800), stock: 2, updatedAt: w.clock.now() } });
    expect(await types()).toEqual(['ProductUpserted', 'ProductUpserted', 'PriceChanged', 'StockChanged']);
    expect((await w.events('PriceChanged'))[0]?.payload).toEqual({ productId: p.id, previous: eur(1000), current: eur(800) });
    expect((await w.events('StockChanged'))[0]?.payload).toEqual({ productId: p.id, previous: 5, current: 2 });
    expect((await w.points('acme', p.id)).map((pt) => pt.price.amountCents)).toEqual([1000, 800]);
  });

  it('emits ProductUpserted alone when neither price nor stock moved', async () => {
    const p = await w.product('U-2');
    await w.uc.update.execute({ actor: w.staff, id: p.id, patch: { name: 'Renamed', price: eur(1000), stock: 5 } });
    expect(await types()).toEqual(['ProductUpserted', 'ProductUpserted']);
    expect(await w.points('acme', p.id)).toHaveLength(1);
  });

  it('checks sku uniqueness, the category, the rules, the role and the company', async () => {
    const a = await w.product('U-3');
    await w.product('U-4');
    expect(await w.uc.update.execute({ actor: w.staff, id: a.id, patch: { sku: 'U-4' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await w.uc.update.execute({ actor: w.staff, id: a.id, patch: { sku: 'U-3b' } })).ok).toBe(true);
    expect(await w.uc.update.execute({ actor: w.staff, id: a.id, patch: { categoryId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.uc.update.execute({ actor: w.staff, id: a.id, patch: { name: '' } })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await w.uc.update.execute({ actor: w.customer, id: a.id, patch: { name: 'x' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.uc.update.execute({ actor: w.actor('staff', 'globex'), id: a.id, patch: { name: 'x' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await w.uow.read((r) => r.products.byId('acme', a.id)))?.sku).toBe('U-3b');
  });

  it('keeps the currency the product was created in, changing nothing when a patch prices it in another', async () => {
    const p = await w.product('U-5');
    const patched = await w.uc.update.execute({ actor: w.staff, id: p.id, patch: { name: 'Renamed', price: { amountCents: 1000, currency: 'USD' } } });
    expect(patched).toMatchObject({ ok: false, error: { code: 'conflict', details: [{ path: 'price.currency' }] } });
    expect(await w.uow.read((r) => r.products.byId('acme', p.id))).toEqual(p);
    expect(await types()).toEqual(['ProductUpserted']);
  });
});

describe('ArchiveProduct', () => {
  it('archives once, emitting ProductUpserted; repeating changes nothing', async () => {
    const p = await w.product('R-1');
    w.clock.advance(1000);
    expect(await w.uc.archive.execute({ actor: w.staff, id: p.id })).toEqual({ ok: true, value: undefined });
    expect(await w.uow.read((r) => r.products.byId('acme', p.id))).toEqual({ ...p, status: 'archived', updatedAt: w.clock.now() });
    expect(await w.uc.archive.execute({ actor: w.staff, id: p.id })).toEqual({ ok: true, value: undefined });
    expect(await types()).toEqual(['ProductUpserted', 'ProductUpserted']);
    expect((await w.events()).at(-1)?.payload).toMatchObject({ status: 'archived' });
  });

  it('refuses customers and other companies', async () => {
    const p = await w.product('R-2');
    expect(await w.uc.archive.execute({ actor: w.customer, id: p.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.uc.archive.execute({ actor: w.actor('owner', 'globex'), id: p.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.uc.archive.execute({ actor: w.staff, id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('ChangePrice', () => {
  it('records a point and emits ProductUpserted and PriceChanged for a new price', async () => {
    const p = await w.product('P-1');
    w.clock.advance(1000);
    const changed = await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: eur(750) });
    expect(changed).toEqual({ ok: true, value: { ...p, price: eur(750), updatedAt: w.clock.now() } });
    expect(await types()).toEqual(['ProductUpserted', 'ProductUpserted', 'PriceChanged']);
    expect((await w.points('acme', p.id)).map((pt) => [pt.price.amountCents, pt.at])).toEqual([[1000, p.createdAt], [750, w.clock.now()]]);
  });

  it('writes nothing when the price is unchanged', async () => {
    const p = await w.product('P-2');
    expect(await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: eur(1000) })).toEqual({ ok: true, value: p });
    expect(await types()).toEqual(['ProductUpserted']);
    expect(await w.points('acme', p.id)).toHaveLength(1);
  });

  it('refuses another currency than the product\'s, bad money, customers and other companies', async () => {
    const p = await w.product('P-3');
    expect(await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: { amountCents: 900, currency: 'USD' } })).toEqual({
      ok: false, error: { code: 'conflict', message: expect.stringContaining('EUR'), details: [{ path: 'price.currency', message: expect.stringContaining('EUR') }] },
    });
    expect(await w.uow.read((r) => r.products.byId('acme', p.id))).toEqual(p);
    expect(await types()).toEqual(['ProductUpserted']);
    expect(await w.points('acme', p.id)).toHaveLength(1);
    expect(await w.uc.changePrice.execute({ actor: w.staff, id: p.id, price: { amountCents: -5, currency: 'EUR' } })).toMatchObject({
      ok: false, error: { code: 'validation_failed', details: [{ path: 'price' }] },
    });
    expect(await w.uc.changePrice.execute({ actor: w.customer, id: p.id, price: eur(1) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.uc.changePrice.execute({ actor: w.actor('staff', 'globex'), id: p.id, price: eur(1) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
