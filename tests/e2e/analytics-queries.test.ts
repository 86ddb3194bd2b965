// The analytics queries and price intelligence over HTTP (SPEC §3.9, issue 15 lines 1 and 5):
// who may ask, the answers' shapes on a small shop, the refusals, and the cache dropping a
// company's answers at once when an order changes. The numbers themselves are held by the
// stores' contract (tests/contracts/analytics-queries.contract.ts).
import { describe, expect, it } from 'vitest';
import { addMember, registerCompany } from '../support/builders';
import type { Call } from '../support/http-client';
import { useTenantApp } from '../support/tenant-app';

const DAY_MS = 86_400_000;
let sequence = 0;

async function newProduct(call: Call, token: string, amountCents: number): Promise<string> {
  const made = await call('POST', '/api/v1/products', {
    token,
    body: { sku: `SKU-${++sequence}-${Math.random().toString(36).slice(2, 7)}`, name: `Trail shoe ${sequence}`, price: { amountCents, currency: 'EUR' }, stock: 50 },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id;
}

const setPrice = (call: Call, token: string, id: string, amountCents: number) =>
  call('PUT', `/api/v1/products/${id}/price`, { token, body: { price: { amountCents, currency: 'EUR' } } });

describe.each(['memory', 'pglite'] as const)('analytics queries over HTTP [%s]', (kind) => {
  const t = useTenantApp({ store: kind });

  it('answers staff and above, refuses customers with 403', async () => {
    const staff = await addMember(t.call, t.tenant, 'staff');
    const customer = await addMember(t.call, t.tenant, 'customer');
    for (const path of ['/overview', '/active-users', '/top-products', '/funnel?steps=A,B', '/retention', '/price-anomalies']) {
      expect((await t.call('GET', `/api/v1/analytics${path}`, { token: staff.token })).status, path).toBe(200);
      const refused = await t.call('GET', `/api/v1/analytics${path}`, { token: customer.token });
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
  });

  it('gives every answer its documented shape, zeros included', async () => {
    const to = new Date(Date.UTC(2026, 10, 4)); // a Wednesday
    const from = new Date(to.getTime() - 9 * DAY_MS);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const get = (path: string) => t.call('GET', `/api/v1/analytics${path}`, { token: t.tenant.ownerToken });

    const overview = await get(`/overview?${range}`);
    expect(overview.body).toEqual({ revenue: [], orders: 0, averageOrderValue: [], activeUsers: 0, buyers: 0, conversionRate: 0 });
    const days = await get(`/active-users?interval=day&${range}`);
    expect(days.body.points).toHaveLength(9);
    expect(days.body.points[0]).toEqual({ start: from.toISOString(), activeUsers: 0 });
    const weeks = await get(`/active-users?interval=week&${range}`);
    // Monday 2026-10-26 and Monday 2026-11-02.
    expect(weeks.body.points.map((p: { start: string }) => p.start)).toEqual(['2026-10-26T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
    expect((await get(`/funnel?steps=Product Viewed,Order Completed&${range}`)).body).toEqual({
      steps: [{ event: 'Product Viewed', users: 0 }, { event: 'Order Completed', users: 0 }],
    });
    const retention = await get(`/retention?${range}`);
    expect(retention.body.cohorts).toEqual([
      { start: '2026-10-26T00:00:00.000Z', size: 0, retained: [0, 0] },
      { start: '2026-11-02T00:00:00.000Z', size: 0, retained: [0] },
    ]);
    expect((await get(`/top-products?${range}`)).body).toEqual({ items: [] });
  });

  it('refuses bad parameters with 400 and the error shape', async () => {
    const get = (path: string) => t.call('GET', `/api/v1/analytics${path}`, { token: t.tenant.ownerToken });
    for (const path of [
      '/funnel?steps=Only one', '/funnel', `/funnel?steps=${Array.from({ length: 11 }, (_, i) => `s${i}`).join(',')}`, '/funnel?steps=A,,B',
      '/overview?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/overview?from=yesterday', '/active-users?interval=year',
      '/top-products?by=margin', '/top-products?limit=0', '/overview?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/overview?companyId=other',
    ]) {
      const refused = await get(path);
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.code, path).toBe('validation_failed');
    }
  });

  it('forecasts a product with history, 422 without, 404 for another company\'s product', async () => {
    const start = t.app.clock.now();
    try {
      // The history is made in the past, where the owner's token (issued now) is still valid.
      t.app.clock.set(new Date(start.getTime() - 5 * DAY_MS));
      const product = await newProduct(t.call, t.tenant.ownerToken, 10_000);
      const fresh = await t.call('GET', `/api/v1/analytics/products/${product}/forecast?days=7`, { token: t.tenant.ownerToken });
      expect(fresh.status).toBe(422);
      expect(fresh.body.error.code).toBe('insufficient_history');
      for (const cents of [9_900, 9_800, 9_700, 9_600]) {
        t.app.clock.advance(DAY_MS);
        expect((await setPrice(t.call, t.tenant.ownerToken, product, cents)).status).toBe(200);
      }
      t.app.clock.set(start);
      const forecast = await t.call('GET', `/api/v1/analytics/products/${product}/forecast?days=7`, { token: t.tenant.ownerToken });
      expect(forecast.status, JSON.stringify(forecast.body)).toBe(200);
      expect(forecast.body.history).toBeGreaterThanOrEqual(5);
      expect(forecast.body.points).toHaveLength(7);
      for (const point of forecast.body.points) {
        expect(point.lower.amountCents).toBeLessThanOrEqual(point.price.amountCents);
        expect(point.price.amountCents).toBeLessThanOrEqual(point.upper.amountCents);
        expect(point.price.currency).toBe('EUR');
      }
      const stats = await t.call('GET', `/api/v1/products/${product}/price-stats`, { token: t.tenant.ownerToken });
      expect(stats.status).toBe(200);
      expect(stats.body.current).toEqual({ amountCents: 9_600, currency: 'EUR' });
      expect(stats.body.maxAllTime).toEqual({ amountCents: 10_000, currency: 'EUR' });
      expect(stats.body.isLowest90).toBe(true);

      const other = await registerCompany(t.call, 'Other');
      const theirs = await t.call('GET', `/api/v1/analytics/products/${product}/forecast`, { token: other.ownerToken });
      expect(theirs.status).toBe(404);
      expect((await t.call('GET', `/api/v1/products/${product}/price-stats`, { token: other.ownerToken })).status).toBe(404);
    } finally {
      t.app.clock.set(start);
    }
  });

  it('drops the company\'s cached answers at once when an order is placed', async () => {
    const product = await newProduct(t.call, t.tenant.ownerToken, 2_500);
    const customer = await addMember(t.call, t.tenant, 'customer');
    const overview = () => t.call('GET', '/api/v1/analytics/overview', { token: t.tenant.ownerToken });
    const before = (await overview()).body;
    const placed = await t.call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: product, quantity: 2 }] } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const paid = await t.call('POST', `/api/v1/orders/${placed.body.id}/transitions`, { token: t.tenant.ownerToken, body: { to: 'paid' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const after = (await overview()).body;
    expect(after.orders).toBe(before.orders + 1);
    expect(after.buyers).toBe(before.buyers + 1);
  });
});
