// Every state change of §3.7 writes its event to the outbox in its transaction; the
// in-process relay delivers it after commit with the SPEC envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('domain events', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app.close());

  it('delivers one event per change, with the envelope, after commit only', async () => {
    const tenant = await registerCompany(call);
    const customer = await addMember(call, tenant, 'customer');
    const token = tenant.ownerToken;
    const product = (await call('POST', '/api/v1/products', { token, body: { sku: 'E-1', name: 'Kettle', price: { amountCents: 3000, currency: 'EUR' }, stock: 2 } })).body;
    await call('PUT', `/api/v1/products/${product.id}/price`, { token, body: { price: { amountCents: 2500, currency: 'EUR' } } });
    const order = (await call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: product.id, quantity: 1 }] } })).body;
    await call('POST', `/api/v1/orders/${order.id}/transitions`, { token, body: { to: 'paid' } });
    await call('PUT', `/api/v1/users/${customer.id}/interests`, { token: customer.token, body: { interests: [{ dimension: 'brand', value: 'X', weight: 1 }] } });
    await call('POST', '/api/v1/users/me/watchlist', { token: customer.token, body: { productId: product.id } });
    // A refused order writes nothing.
    await call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: product.id, quantity: 50 }] } });
    await app.settle();

    const mine = app.delivered.filter((e) => e.companyId === tenant.companyId);
    expect(mine.map((e) => e.type)).toEqual([
      'CompanyCreated', 'UserRegistered', 'UserRegistered', 'ProductUpserted', 'ProductUpserted', 'PriceChanged',
      'OrderPlaced', 'StockChanged', 'OrderStatusChanged', 'InterestsUpdated', 'WatchlistChanged',
    ]);
    for (const event of mine) {
      expect(event).toEqual({
        id: expect.any(String), type: expect.any(String), companyId: tenant.companyId,
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), version: 1, payload: expect.any(Object),
      });
    }
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    expect(mine.find((e) => e.type === 'PriceChanged')?.payload).toEqual({
      productId: product.id, previous: { amountCents: 3000, currency: 'EUR' }, current: { amountCents: 2500, currency: 'EUR' },
    });
    expect(mine.find((e) => e.type === 'StockChanged')?.payload).toEqual({ productId: product.id, previous: 2, current: 1 });
    expect(mine.find((e) => e.type === 'OrderStatusChanged')?.payload).toMatchObject({ orderId: order.id, from: 'placed', to: 'paid' });
  });
});
