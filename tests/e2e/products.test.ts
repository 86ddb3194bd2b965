import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('products over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let customer: Member;
  let staff: Member;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    customer = await addMember(call, tenant, 'customer');
    staff = await addMember(call, tenant, 'staff');
  });
  afterAll(() => app.close());

  const create = (body: Record<string, unknown>, token = staff.token) => call('POST', '/api/v1/products', { token, body });
  const product = (sku: string, extra: Record<string, unknown> = {}) => ({ sku, name: `Product ${sku}`, price: eur(1000), stock: 5, ...extra });

  it('creates a product with defaults and reads it back', async () => {
    const res = await create(product('A-1', { tags: ['Red', 'red', ' wool '] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sku: 'A-1', status: 'active', tags: ['red', 'wool'], description: '', categoryId: null, imageUrl: null });
    const read = await call('GET', `/api/v1/products/${res.body.id}`, { token: customer.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('refuses customers, duplicate skus, unknown categories and bad money', async () => {
    expect((await create(product('B-1'), customer.token)).status).toBe(403);
    await create(product('B-2'));
    const dup = await create(product('B-2'));
    expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
    expect((await create(product('B-3', { categoryId: 'nope' }))).status).toBe(404);
    const money = await create(product('B-4', { price: { amountCents: 10.5, currency: 'EUR' } }));
    expect(money.status).toBe(400);
    expect(money.body.error.details[0].path).toBe('body.price.amountCents');
    expect((await create(product('B-5', { price: eur(100), currency: 'x' }))).status).toBe(400);
  });

  it('hides drafts and archived products from customers', async () => {
    const draft = (await create(product('C-1', { status: 'draft' }))).body;
    expect((await call('GET', `/api/v1/products/${draft.id}`, { token: customer.token })).status).toBe(404);
    expect((await call('GET', `/api/v1/products/${draft.id}`, { token: staff.token })).status).toBe(200);
    const live = (await create(product('C-2'))).body;
    expect((await call('DELETE', `/api/v1/products/${live.id}`, { token: staff.token })).status).toBe(204);
    expect((await call('GET', `/api/v1/products/${live.id}`, { token: customer.token })).status).toBe(404);
    expect((await call('GET', `/api/v1/products/${live.id}`, { token: staff.token })).body.status).toBe('archived');
  });

  it('patches fields and records price changes in the history', async () => {
    const p = (await create(product('D-1'))).body;
    const patched = await call('PATCH', `/api/v1/products/${p.id}`, { token: staff.token, body: { name: 'Renamed', stock: 9 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Renamed', stock: 9 });
    app.clock.advance(60_000);
    const priced = await call('PUT', `/api/v1/products/${p.id}/price`, { token: staff.token, body: { price: eur(800) } });
    expect(priced.body.price).toEqual(eur(800));
    const history = await call('GET', `/api/v1/products/${p.id}/price-history`, { token: customer.token });
    expect(history.body.items.map((i: any) => i.price.amountCents)).toEqual([1000, 800]);
    const from = new Date(app.clock.now().getTime() - 1000).toISOString();
    const recent = await call('GET', `/api/v1/products/${p.id}/price-history?from=${from}`, { token: customer.token });
    expect(recent.body.items).toHaveLength(1);
    expect((await call('PUT', `/api/v1/products/${p.id}/price`, { token: customer.token, body: { price: eur(1) } })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/products/${p.id}`, { token: staff.token, body: { sku: 'A-1' } })).status).toBe(409);
  });

  it('searches with filters, sorts and pages', async () => {
    const shop = await registerCompany(call);
    const cat = (await call('POST', '/api/v1/categories', { token: shop.ownerToken, body: { name: 'Shoes' } })).body;
    const rows = [
      { sku: 'S1', name: 'Trail running sneakers', brand: 'Fjord', tags: ['outdoor'], price: eur(9000), stock: 3, categoryId: cat.id },
      { sku: 'S2', name: 'Leather boots', brand: 'Marlow', tags: ['winter'], price: eur(15000), stock: 0, categoryId: cat.id },
      { sku: 'S3', name: 'Canvas sneakers', brand: 'Fjord', tags: ['summer'], price: eur(5000), stock: 10 },
      { sku: 'S4', name: 'Wool socks', brand: 'Marlow', tags: ['winter'], price: eur(1500), stock: 50 },
    ];
    const imported = await call('POST', '/api/v1/products/import', { token: shop.ownerToken, body: rows });
    expect(imported.body).toEqual({ created: 4, updated: 0 });
    const search = (query: string) => call('GET', `/api/v1/products?${query}`, { token: shop.ownerToken });
    const skus = (res: any) => res.body.items.map((p: any) => p.sku);
    expect(skus(await search('q=sneakers&sort=price_asc'))).toEqual(['S3', 'S1']);
    expect(skus(await search('q=snekaers&sort=price_asc'))).toEqual(['S3', 'S1']);
    expect(skus(await search(`categoryId=${cat.id}&sort=price_desc`))).toEqual(['S2', 'S1']);
    expect(skus(await search('brand=Marlow&inStock=true'))).toEqual(['S4']);
    expect(skus(await search('tag=winter&sort=price_asc'))).toEqual(['S4', 'S2']);
    expect(skus(await search('minPrice=5000&maxPrice=9000&sort=price_asc'))).toEqual(['S3', 'S1']);
    const first = await search('sort=price_asc&limit=3');
    expect(skus(first)).toEqual(['S4', 'S3', 'S1']);
    const second = await search(`sort=price_asc&limit=3&cursor=${first.body.nextCursor}`);
    expect([skus(second), second.body.nextCursor]).toEqual([['S2'], null]);
    expect((await search('sort=cheapest')).status).toBe(400);
    expect((await search('minPrice=-1')).status).toBe(400);
    const suggest = await call('GET', '/api/v1/products/autocomplete?q=leath', { token: shop.ownerToken });
    expect(suggest.body.items.map((i: any) => i.name)).toEqual(['Leather boots']);
    const fresh = await call('GET', '/api/v1/catalog/new-arrivals?limit=2', { token: shop.ownerToken });
    expect(fresh.body.items).toHaveLength(2);
  });

  it('imports CSV all-or-nothing and names every bad row', async () => {
    const shop = await registerCompany(call);
    const header = 'sku,name,description,categoryId,brand,tags,priceCents,currency,stock,imageUrl,status';
    const good = `${header}\nX1,Blue mug,,,Kettle,home|kitchen,1200,EUR,4,,active\nX2,Red mug,,,Kettle,,1300,EUR,2,,draft\n`;
    const res = await call('POST', '/api/v1/products/import', { token: shop.ownerToken, rawBody: good, headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0 });
    const bad = `${header}\nX1,Blue mug v2,,,Kettle,,1250,EUR,4,,active\nX3,,,,,,abc,EUR,1,,active\n`;
    const refused = await call('POST', '/api/v1/products/import', { token: shop.ownerToken, rawBody: bad, headers: { 'content-type': 'text/csv' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(['rows[1].name', 'rows[1].price.amountCents']));
    const mugs = await call('GET', '/api/v1/products?q=mug&sort=price_asc', { token: shop.ownerToken });
    expect(mugs.body.items.map((p: any) => p.name)).toEqual(['Blue mug', 'Red mug']);
    const update = await call('POST', '/api/v1/products/import', { token: shop.ownerToken, body: [{ sku: 'X1', name: 'Blue mug', price: eur(900), stock: 4 }] });
    expect(update.body).toEqual({ created: 0, updated: 1 });
    const deals = await call('GET', '/api/v1/catalog/deals', { token: shop.ownerToken });
    expect(deals.body.items[0]).toMatchObject({ currentPrice: eur(900), medianPrice: eur(1050), dropPercent: 14.29 });
  });
});
