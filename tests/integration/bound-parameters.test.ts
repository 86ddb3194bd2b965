// No value is ever formatted into SQL text: every statement that reaches PGlite or PostgreSQL
// carries its values as bind parameters. The drivers themselves are watched while a frontend's
// day goes through the API, with one marker in every text a user controls.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD, registerCompany } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { postgresAvailable } from '../support/test-databases';

const MARK = 'mk7q';
const TEXT = `${MARK}; x' --`;

const stores = (await postgresAvailable()) ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

/** The text of every statement the drivers were given, and their values. */
function watchDrivers(): () => { texts: string[]; values: unknown[] } {
  const spies = [vi.spyOn(PGlite.prototype, 'query'), vi.spyOn(PGlite.prototype, 'exec'), vi.spyOn(pg.Client.prototype, 'query')];
  return () => {
    const calls = spies.flatMap((spy) => spy.mock.calls as unknown[][]);
    const texts = calls.map(([query]) => (typeof query === 'string' ? query : String((query as { text?: unknown }).text)));
    const values = calls.flatMap(([query, params]) => (Array.isArray(params) ? params : ((query as { values?: unknown[] }).values ?? [])));
    return { texts, values };
  };
}

/** A frontend's day, with the mark in every text it sends. */
async function aDayOfRequests(call: Call): Promise<void> {
  const tenant = await registerCompany(call, `Acme ${TEXT}`);
  const staff = { token: tenant.ownerToken };
  const email = `${MARK}-buyer@${tenant.slug}.test`;
  const signup = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email, password: PASSWORD, displayName: TEXT } });
  expect(signup.status).toBe(201);
  expect((await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email, password: `${PASSWORD}${TEXT}` } })).status).toBe(401);

  const category = await call('POST', '/api/v1/categories', { ...staff, body: { name: TEXT, parentId: null } });
  expect(category.status).toBe(201);
  expect((await call('POST', '/api/v1/categories', { ...staff, body: { name: 'child', parentId: TEXT } })).status).toBe(404);
  const product = await call('POST', '/api/v1/products', {
    ...staff,
    body: {
      sku: `${MARK}-1`, name: `Boot ${TEXT}`, description: TEXT, brand: TEXT, tags: [TEXT], attributes: { [TEXT]: TEXT },
      categoryId: category.body.id, price: { amountCents: 1000, currency: 'EUR' }, stock: 5,
    },
  });
  expect(product.status).toBe(201);
  expect((await call('POST', '/api/v1/products', { ...staff, body: { sku: 'other', name: 'x', price: { amountCents: 1, currency: 'EUR' }, stock: 1, categoryId: TEXT } })).status).toBe(404);
  for (const path of [`/products/${encodeURIComponent(TEXT)}`, `/categories/${encodeURIComponent(TEXT)}`, `/users/${encodeURIComponent(TEXT)}`]) {
    expect((await call('GET', `/api/v1${path}`, staff)).status, path).toBe(404);
  }
  const q = encodeURIComponent(TEXT);
  expect((await call('GET', `/api/v1/products?q=${q}&brand=${q}&tag=${q}`, staff)).body.items).toHaveLength(1);
  expect((await call('GET', `/api/v1/products/autocomplete?q=${encodeURIComponent(`Boot ${MARK}`)}`, staff)).body.items).toHaveLength(1);

  const buyer = { token: signup.body.tokens.accessToken as string };
  const interests = { interests: [{ dimension: 'tag', value: TEXT, weight: 1 }] };
  expect((await call('PUT', `/api/v1/users/${signup.body.user.id}/interests`, { ...buyer, body: interests })).status).toBe(200);
  expect((await call('PUT', `/api/v1/users/${encodeURIComponent(TEXT)}/interests`, { ...staff, body: interests })).status).toBe(404);
  expect((await call('POST', '/api/v1/orders', { ...buyer, body: { items: [{ productId: product.body.id, quantity: 1 }] } })).status).toBe(201);
  expect((await call('POST', '/api/v1/orders', { ...buyer, body: { items: [{ productId: TEXT, quantity: 1 }] } })).status).toBe(404);
  expect((await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email } })).status).toBe(202);
}

describe.each(stores)('statements reach the store with bound values [%s]', (kind) => {
  afterEach(() => vi.restoreAllMocks());

  it('sends no text a user wrote inside the SQL of any statement', async () => {
    const api = await startTestApp({ store: kind });
    try {
      const sent = watchDrivers();
      await aDayOfRequests(httpClient(api.baseUrl));
      await api.settle();

      const { texts, values } = sent();
      expect(texts.length).toBeGreaterThan(20);
      expect(texts.filter((text) => text.includes(MARK))).toEqual([]);
      // The mark did reach the store, as values.
      expect(values.filter((value) => typeof value === 'string' && value.includes(MARK)).length).toBeGreaterThan(10);
    } finally {
      await api.close();
    }
  });
});
