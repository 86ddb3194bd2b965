// A product keeps the currency it was created in (SPEC §2 money, issue 12): every door that sets a
// price refuses another currency with 409 conflict, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, type Shop } from '../support/shop';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const usd = (amountCents: number) => ({ amountCents, currency: 'USD' });

describe('a product\'s currency is fixed when it is created', () => {
  let shop: Shop;
  let token: string;
  let product: any;

  beforeAll(async () => {
    shop = await startShop();
    token = shop.staff.token;
    const created = await shop.call('POST', '/api/v1/products', { token, body: { sku: 'CUR-1', name: 'Kettle', price: eur(1000), stock: 4 } });
    expect(created.status).toBe(201);
    product = created.body;
  });
  afterAll(() => shop.app.close());

  /** The product, its price history and the company's skus, as a client reads them. */
  const state = async () => {
    const read = await shop.call('GET', `/api/v1/products/${product.id}`, { token });
    const history = await shop.call('GET', `/api/v1/products/${product.id}/price-history`, { token });
    const all = await shop.call('GET', '/api/v1/products?limit=100', { token });
    return { product: read.body, history: history.body.items, skus: all.body.items.map((p: { sku: string }) => p.sku) };
  };

  it('refuses a new price in another currency on PUT /price, PATCH and import, changing nothing', async () => {
    const before = await state();
    expect(before.product).toEqual(product);
    const answers = {
      price: await shop.call('PUT', `/api/v1/products/${product.id}/price`, { token, body: { price: usd(900) } }),
      patch: await shop.call('PATCH', `/api/v1/products/${product.id}`, { token, body: { name: 'Renamed', price: usd(1000) } }),
      importJson: await shop.call('POST', '/api/v1/products/import', {
        token, body: [{ sku: 'CUR-NEW', name: 'New', price: eur(5), stock: 1 }, { sku: 'CUR-1', name: 'Kettle', price: usd(1000), stock: 9 }],
      }),
      importCsv: await shop.call('POST', '/api/v1/products/import', {
        token, rawBody: 'sku,name,priceCents,currency,stock\nCUR-1,Kettle,1000,GBP,9\n', headers: { 'content-type': 'text/csv' },
      }),
    };
    const refusals = Object.entries(answers).map(([door, res]) => [door, res.status, res.body.error?.code, res.body.error?.details?.map((d: { path: string }) => d.path)]);
    expect(refusals).toEqual([
      ['price', 409, 'conflict', ['price.currency']],
      ['patch', 409, 'conflict', ['price.currency']],
      ['importJson', 409, 'conflict', ['rows[1].price.currency']],
      ['importCsv', 409, 'conflict', ['rows[0].price.currency']],
    ]);
    expect(await state()).toEqual(before);
  });

  it('still takes new prices in the product\'s own currency', async () => {
    const res = await shop.call('PUT', `/api/v1/products/${product.id}/price`, { token, body: { price: eur(800) } });
    expect([res.status, res.body.price]).toEqual([200, eur(800)]);
    const imported = await shop.call('POST', '/api/v1/products/import', { token, body: [{ sku: 'CUR-1', name: 'Kettle', price: eur(700), stock: 4 }] });
    expect([imported.status, imported.body]).toEqual([200, { created: 0, updated: 1 }]);
  });
});
