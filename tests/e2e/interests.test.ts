import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('interests and watchlist over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let staff: Member;
  let alice: Member;
  let bob: Member;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    staff = await addMember(call, tenant, 'staff');
    alice = await addMember(call, tenant, 'customer');
    bob = await addMember(call, tenant, 'customer');
  });
  afterAll(() => app.close());

  const put = (token: string, userId: string, interests: unknown) => call('PUT', `/api/v1/users/${userId}/interests`, { token, body: { interests } });

  it('replaces explicit interests and reads them back strongest first', async () => {
    const res = await put(alice.token, alice.id, [
      { dimension: ' Category ', value: 'Shoes', weight: 0.4 },
      { dimension: 'color', value: 'teal', weight: 0.9 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.dimension, i.value, i.weight, i.source])).toEqual([
      ['color', 'teal', 0.9, 'explicit'],
      ['category', 'Shoes', 0.4, 'explicit'],
    ]);
    await put(alice.token, alice.id, [{ dimension: 'brand', value: 'Fjord', weight: 1 }]);
    const read = await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token });
    expect(read.body.items.map((i: any) => i.value)).toEqual(['Fjord']);
  });

  it('lets staff manage anyone, customers only themselves', async () => {
    expect((await put(staff.token, bob.id, [{ dimension: 'style', value: 'minimal', weight: 0.5 }])).status).toBe(200);
    expect((await call('GET', `/api/v1/users/${bob.id}/interests`, { token: staff.token })).body.items).toHaveLength(1);
    expect((await put(alice.token, bob.id, [])).status).toBe(403);
    expect((await call('GET', `/api/v1/users/${bob.id}/interests`, { token: alice.token })).status).toBe(403);
    expect((await call('GET', '/api/v1/users/ghost/interests', { token: staff.token })).status).toBe(404);
  });

  it('refuses out-of-range weights, repeats and unknown fields', async () => {
    const weight = await put(alice.token, alice.id, [{ dimension: 'color', value: 'red', weight: 1.5 }]);
    expect(weight.status).toBe(400);
    const repeated = await put(alice.token, alice.id, [
      { dimension: 'color', value: 'red', weight: 0.5 },
      { dimension: 'COLOR', value: 'Red', weight: 0.6 },
    ]);
    expect([repeated.status, repeated.body.error.details[0].path]).toEqual([400, 'interests.1']);
    expect((await put(alice.token, alice.id, [{ dimension: 'x', value: 'y', weight: 0.5, source: 'inferred' }])).status).toBe(400);
    expect((await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token })).body.items.map((i: any) => i.value)).toEqual(['Fjord']);
  });

  it('watches products with optional target prices', async () => {
    const product = (await call('POST', '/api/v1/products', { token: staff.token, body: { sku: 'W-1', name: 'Lamp', price: eur(5000), stock: 3 } })).body;
    const added = await call('POST', '/api/v1/users/me/watchlist', { token: alice.token, body: { productId: product.id, targetPrice: eur(4000) } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ productId: product.id, targetPrice: eur(4000), product: { id: product.id, name: 'Lamp' } });
    const updated = await call('POST', '/api/v1/users/me/watchlist', { token: alice.token, body: { productId: product.id, targetPrice: eur(3500) } });
    expect([updated.status, updated.body.targetPrice, updated.body.addedAt]).toEqual([200, eur(3500), added.body.addedAt]);
    const wrongCurrency = await call('POST', '/api/v1/users/me/watchlist', { token: alice.token, body: { productId: product.id, targetPrice: { amountCents: 1, currency: 'USD' } } });
    expect(wrongCurrency.status).toBe(400);
    expect((await call('POST', '/api/v1/users/me/watchlist', { token: alice.token, body: { productId: 'ghost' } })).status).toBe(404);
    const list = await call('GET', '/api/v1/users/me/watchlist', { token: alice.token });
    expect(list.body.items.map((i: any) => i.productId)).toEqual([product.id]);
    expect((await call('GET', '/api/v1/users/me/watchlist', { token: bob.token })).body.items).toEqual([]);
    expect((await call('DELETE', `/api/v1/users/me/watchlist/${product.id}`, { token: bob.token })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/users/me/watchlist/${product.id}`, { token: alice.token })).status).toBe(204);
    expect((await call('GET', '/api/v1/users/me/watchlist', { token: alice.token })).body.items).toEqual([]);
  });
});
