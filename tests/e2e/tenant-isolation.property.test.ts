// Property: for two companies with random data, no id-addressed endpoint lets one company
// read or touch the other's resource; every attempt is a 404 and changes nothing. SDK
// ingestion writes only for the key's company, whatever the events name: stored events have no
// id-addressed read, and an API key's only id-addressed route (DELETE) is among the probes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { TOKENS } from '../../composition/tokens';
import { addMember, registerCompany, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

interface Resources {
  readonly categoryIds: string[];
  readonly productIds: string[];
  readonly userIds: string[];
  readonly orderIds: string[];
  readonly apiKeyIds: string[];
  /** The customers' price-drop notifications (every customer watches the first product, whose price then halves). */
  readonly notificationIds: string[];
  /** The secret of the company's SDK key (X-Api-Key). */
  readonly apiKeySecret: string;
}

/** Where an event names the other company, trying to be filed under it. */
const CLAIMS = ['properties', 'traits', 'userId', 'page-name', 'none'] as const;

const word = fc.stringMatching(/^[a-z]{3,12}$/);
const companyData = fc.record({
  categories: fc.uniqueArray(word, { minLength: 1, maxLength: 3 }),
  products: fc.array(
    fc.record({ name: word, cents: fc.integer({ min: 1, max: 100_000 }), stock: fc.integer({ min: 1, max: 50 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  customers: fc.integer({ min: 1, max: 2 }),
  orders: fc.integer({ min: 1, max: 2 }),
  // A small pool of messageIds, so both companies send some of the same ones.
  events: fc.array(
    fc.record({ messageId: fc.constantFrom('m-1', 'm-2', 'm-3', 'm-4', 'm-5'), type: fc.constantFrom('track', 'identify', 'page'), claim: fc.constantFrom(...CLAIMS) }),
    { minLength: 1, maxLength: 6 },
  ),
});

type CompanyData = typeof companyData extends fc.Arbitrary<infer T> ? T : never;

describe('tenant isolation', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app.close());

  async function populate(tenant: Tenant, data: CompanyData): Promise<Resources> {
    const token = tenant.ownerToken;
    const categoryIds: string[] = [];
    for (const name of data.categories) {
      categoryIds.push((await call('POST', '/api/v1/categories', { token, body: { name, parentId: null } })).body.id);
    }
    const productIds: string[] = [];
    for (const [i, p] of data.products.entries()) {
      const res = await call('POST', '/api/v1/products', {
        token,
        body: {
          sku: `SKU-${i}`, name: p.name, categoryId: categoryIds[i % categoryIds.length],
          price: { amountCents: p.cents, currency: 'EUR' }, stock: p.stock, status: 'active',
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      productIds.push(res.body.id);
    }
    const userIds: string[] = [];
    const orderIds: string[] = [];
    const customerTokens: string[] = [];
    for (let c = 0; c < data.customers; c++) {
      const customer = await addMember(call, tenant, 'customer');
      customerTokens.push(customer.token);
      userIds.push(customer.id);
      await call('PUT', `/api/v1/users/${customer.id}/interests`, {
        token: customer.token, body: { interests: [{ dimension: 'category', value: data.categories[0], weight: 0.5 }] },
      });
      await call('POST', '/api/v1/users/me/watchlist', { token: customer.token, body: { productId: productIds[0] } });
      for (let o = 0; o < data.orders; o++) {
        const order = await call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: productIds[0], quantity: 1 }] } });
        if (order.status === 201) orderIds.push(order.body.id);
      }
    }
    const key = await call('POST', '/api/v1/api-keys', { token, body: { name: 'sdk' } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const first = data.products[0]!;
    const notificationIds: string[] = [];
    // Halved, the price is at most 90% of the watches' reference (a price of 1 cent cannot drop and tells nobody).
    const dropped = await call('PUT', `/api/v1/products/${productIds[0]}/price`, { token, body: { price: { amountCents: Math.max(1, Math.floor(first.cents / 2)), currency: 'EUR' } } });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    for (const customerToken of first.cents >= 2 ? customerTokens : []) {
      const inbox = await eventually(
        async () => (await call('GET', '/api/v1/users/me/notifications', { token: customerToken })).body,
        (body) => body.items.length === 1,
        'the price drop in the customer\'s inbox',
      );
      notificationIds.push(inbox.items[0].id);
    }
    return { categoryIds, productIds, userIds, orderIds, apiKeyIds: [key.body.id], notificationIds, apiKeySecret: key.body.secret };
  }

  const store = () => app.app.container.get<AnalyticsEventStore>(TOKENS.AnalyticsStore);
  const DAY_MS = 86_400_000;

  /** The company's stored events, as (company, messageId, what it carries) in a stable order. */
  async function storedEvents(companyId: string): Promise<unknown[]> {
    await store().drain();
    const now = app.clock.now().getTime();
    const rows = await store().list(companyId, { from: new Date(now - DAY_MS), to: new Date(now + DAY_MS) }, 1000);
    return rows.map(({ companyId: owner, messageId, type, userId, name, properties, traits }) => ({ owner, messageId, type, userId, name, properties, traits }));
  }

  /** Events as the SDK would send them, each naming `other` where its claim says. */
  function sdkEvents(data: CompanyData, other: Tenant): Record<string, unknown>[] {
    const timestamp = app.clock.now().toISOString();
    return data.events.map(({ messageId, type, claim }) => ({
      messageId,
      type,
      ...(type === 'track' ? { event: 'Product Viewed' } : {}),
      ...(type === 'page' ? { name: claim === 'page-name' ? other.companyId : 'Home' } : {}),
      userId: claim === 'userId' ? other.ownerId : type === 'identify' ? 'user-1' : undefined,
      anonymousId: 'anon-1',
      ...(claim === 'properties' ? { properties: { companyId: other.companyId, company: other.slug } } : {}),
      ...(claim === 'traits' ? { traits: { companyId: other.companyId } } : {}),
      timestamp,
    }));
  }

  /** Sends the company's events with its own key; they are all stored for it, none deduped against the other's. */
  async function ingest(own: Tenant, secret: string, data: CompanyData, other: Tenant): Promise<void> {
    const events = sdkEvents(data, other);
    const distinct = new Set(events.map((e) => e.messageId)).size;
    const res = await call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': secret }, body: { events } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ accepted: distinct, duplicates: events.length - distinct, rejected: [] });
    // The body cannot pick the company: an envelope naming one is refused whole.
    const named = await call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': secret }, body: { events, companyId: other.companyId } });
    expect(named.status).toBe(400);
    const stored = await storedEvents(own.companyId);
    expect(stored).toHaveLength(distinct);
    expect(stored.every((row) => (row as { owner: string }).owner === own.companyId)).toBe(true);
  }

  /** The company's analytics over a range holding every event and order of the run. */
  const ANALYTICS_RANGE = `from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 7 * 86_400_000).toISOString()}`;
  const ANALYTICS_READS = [
    `/api/v1/analytics/overview?${ANALYTICS_RANGE}`,
    `/api/v1/analytics/top-products?by=views&${ANALYTICS_RANGE}`,
    `/api/v1/analytics/retention?${ANALYTICS_RANGE}`,
  ];

  /** Every id-addressed request a caller of another company could try. */
  function probes(r: Resources): [method: string, path: string, body?: unknown][] {
    return [
      ...r.categoryIds.flatMap((id) => [
        ['GET', `/api/v1/categories/${id}`],
        ['PATCH', `/api/v1/categories/${id}`, { name: 'stolen' }],
        ['DELETE', `/api/v1/categories/${id}`],
      ] as [string, string, unknown?][]),
      ...r.productIds.flatMap((id) => [
        ['GET', `/api/v1/products/${id}`],
        ['PATCH', `/api/v1/products/${id}`, { name: 'stolen' }],
        ['DELETE', `/api/v1/products/${id}`],
        ['PUT', `/api/v1/products/${id}/price`, { price: { amountCents: 1, currency: 'EUR' } }],
        ['GET', `/api/v1/products/${id}/price-history`],
        ['GET', `/api/v1/products/${id}/price-stats`],
        ['GET', `/api/v1/analytics/products/${id}/forecast`],
        ['POST', '/api/v1/users/me/watchlist', { productId: id }],
        ['POST', '/api/v1/orders', { items: [{ productId: id, quantity: 1 }] }],
      ] as [string, string, unknown?][]),
      ...r.userIds.flatMap((id) => [
        ['GET', `/api/v1/users/${id}`],
        ['PATCH', `/api/v1/users/${id}`, { displayName: 'stolen' }],
        ['DELETE', `/api/v1/users/${id}`],
        ['GET', `/api/v1/users/${id}/interests`],
        ['PUT', `/api/v1/users/${id}/interests`, { interests: [] }],
      ] as [string, string, unknown?][]),
      ...r.orderIds.flatMap((id) => [
        ['GET', `/api/v1/orders/${id}`],
        ['GET', `/api/v1/orders/${id}/invoice`],
        ['POST', `/api/v1/orders/${id}/transitions`, { to: 'cancelled' }],
      ] as [string, string, unknown?][]),
      ...r.apiKeyIds.map((id) => ['DELETE', `/api/v1/api-keys/${id}`] as [string, string]),
      ...r.notificationIds.map((id) => ['POST', `/api/v1/users/me/notifications/${id}/read`] as [string, string]),
    ];
  }

  it('answers 404 to every cross-company request and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(companyData, companyData, async (dataA, dataB) => {
        const a = await registerCompany(call, 'A');
        const b = await registerCompany(call, 'B');
        const resourcesA = await populate(a, dataA);
        const resourcesB = await populate(b, dataB);
        await ingest(a, resourcesA.apiKeySecret, dataA, b);
        const before = await snapshot(a, resourcesA);
        for (const [method, path, body] of probes(resourcesA)) {
          const res = await call(method, path, { token: b.ownerToken, body });
          expect(res.status, `${method} ${path} -> ${JSON.stringify(res.body)}`).toBe(404);
          expect(res.body.error.code).toBe('not_found');
        }
        await ingest(b, resourcesB.apiKeySecret, dataB, a);
        expect(await snapshot(a, resourcesA)).toEqual(before);
      }),
      { numRuns: 8 },
    );
  });

  async function snapshot(tenant: Tenant, r: Resources): Promise<unknown> {
    const token = tenant.ownerToken;
    const read = async (path: string) => (await call('GET', path, { token })).body;
    return {
      categories: await Promise.all(r.categoryIds.map((id) => read(`/api/v1/categories/${id}`))),
      products: await Promise.all(r.productIds.map((id) => read(`/api/v1/products/${id}`))),
      users: await Promise.all(r.userIds.map((id) => read(`/api/v1/users/${id}`))),
      interests: await Promise.all(r.userIds.map((id) => read(`/api/v1/users/${id}/interests`))),
      orders: await Promise.all(r.orderIds.map((id) => read(`/api/v1/orders/${id}`))),
      apiKeys: await read('/api/v1/api-keys'),
      events: await storedEvents(tenant.companyId),
      analytics: await Promise.all(ANALYTICS_READS.map(read)),
    };
  }
});
