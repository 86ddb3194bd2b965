// Against real PostgreSQL: many customers race for little stock; exactly the stock's worth
// of orders succeed and the product never oversells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { postgresAvailable } from '../support/test-databases';

const available = await postgresAvailable();

describe.skipIf(!available)('concurrent orders on PostgreSQL', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let customers: Member[];

  beforeAll(async () => {
    app = await startTestApp({ store: 'postgres' });
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    customers = [];
    for (let i = 0; i < 8; i++) customers.push(await addMember(call, tenant, 'customer'));
  });
  afterAll(() => app?.close());

  const product = async (sku: string, stock: number) =>
    (await call('POST', '/api/v1/products', { token: tenant.ownerToken, body: { sku, name: sku, price: { amountCents: 500, currency: 'EUR' }, stock } })).body.id as string;
  const stockOf = async (id: string) => (await call('GET', `/api/v1/products/${id}`, { token: tenant.ownerToken })).body.stock;

  it('serves exactly the stock and answers the rest 409 insufficient_stock', async () => {
    const id = await product('RACE-1', 5);
    const answers = await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        call('POST', '/api/v1/orders', { token: customers[i % customers.length]?.token, body: { items: [{ productId: id, quantity: 1 }] } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(43);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'insufficient_stock')).toBe(true);
    expect(await stockOf(id)).toBe(0);
    // Each StockChanged describes its own step: together they walk 5 -> 0 without gaps.
    await app.settle();
    const steps = app.delivered
      .filter((e) => e.type === 'StockChanged' && (e.payload as { productId: string }).productId === id)
      .map((e) => e.payload as { previous: number; current: number })
      .sort((a, b) => b.previous - a.previous);
    expect(steps).toEqual([5, 4, 3, 2, 1].map((previous) => ({ productId: id, previous, current: previous - 1 })));
  });

  it('restocks once and counts one status change when the same order is cancelled concurrently', async () => {
    const id = await product('RACE-6', 3);
    const order = (await call('POST', '/api/v1/orders', { token: customers[0]?.token, body: { items: [{ productId: id, quantity: 2 }] } })).body;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', `/api/v1/orders/${order.id}/transitions`, { token: tenant.ownerToken, body: { to: 'cancelled' } })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'invalid_transition')).toHaveLength(9);
    expect(await stockOf(id)).toBe(3);
    const final = (await call('GET', `/api/v1/orders/${order.id}`, { token: tenant.ownerToken })).body;
    expect(final.history.map((h: { status: string }) => h.status)).toEqual(['placed', 'cancelled']);
  });

  it('leaves every line untouched when one line of an order cannot be served', async () => {
    const plenty = await product('RACE-2', 10);
    const scarce = await product('RACE-3', 1);
    const res = await call('POST', '/api/v1/orders', {
      token: customers[0]?.token,
      body: { items: [{ productId: plenty, quantity: 3 }, { productId: scarce, quantity: 2 }] },
    });
    expect(res.status).toBe(409);
    expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([10, 1]);
  });

  it('does not deadlock when orders take the same products in opposite orders', async () => {
    const a = await product('RACE-4', 100);
    const b = await product('RACE-5', 100);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const items = i % 2 ? [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }] : [{ productId: b, quantity: 1 }, { productId: a, quantity: 1 }];
        return call('POST', '/api/v1/orders', { token: customers[i % customers.length]?.token, body: { items } });
      }),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect([await stockOf(a), await stockOf(b)]).toEqual([70, 70]);
  });
});
