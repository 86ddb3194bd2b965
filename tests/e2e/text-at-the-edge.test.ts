// SPEC §2 "Text is validated at the edge": a NUL byte or an unpaired surrogate anywhere in a
// request (path, query, body strings and keys), a malformed percent-escape, too many unknown
// fields, and requests Node's parser refuses all get a 4xx with the error shape, never a 5xx.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, type Call, type HttpResult } from '../support/http-client';
import { startShop, type Shop } from '../support/shop';
import { useTenantApp } from '../support/tenant-app';
import { startTestApp, type TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const NUL = '\u0000';
const LONE = '\uD800';

/** The status, error code and detail paths of a refusal. */
const refusal = (res: HttpResult) => [res.status, res.body?.error?.code, (res.body?.error?.details ?? []).map((d: { path: string }) => d.path)];

describe('text at the edge [memory]', () => {
  let shop: Shop;
  let call: Call;
  let token: string;
  let productId: string;

  beforeAll(async () => {
    shop = await startShop();
    call = shop.call;
    token = shop.staff.token;
    const created = await call('POST', '/api/v1/products', { token, body: { sku: 'E-1', name: 'Edge', price: eur(100), stock: 1 } });
    expect(created.status).toBe(201);
    productId = created.body.id;
  });
  afterAll(() => shop.app.close());

  it('refuses NUL in a path id and a query value or key, naming where it was', async () => {
    expect(refusal(await call('GET', `/api/v1/products/${productId}%00`, { token }))).toEqual([400, 'validation_failed', ['params.id']]);
    expect(refusal(await call('GET', '/api/v1/products?q=lamp%00', { token }))).toEqual([400, 'validation_failed', ['query.q']]);
    expect(refusal(await call('GET', '/api/v1/products?q%00=lamp', { token }))).toEqual([400, 'validation_failed', ['query.q\\u0000']]);
  });

  it('refuses NUL and lone surrogates in body strings, array items and keys at any depth', async () => {
    const patch = (body: unknown) => call('PATCH', `/api/v1/products/${productId}`, { token, body });
    expect(refusal(await patch({ name: `a${NUL}b` }))).toEqual([400, 'validation_failed', ['name']]);
    expect(refusal(await patch({ name: `a${LONE}b` }))).toEqual([400, 'validation_failed', ['name']]);
    expect(refusal(await patch({ tags: ['ok', `x${LONE}`] }))).toEqual([400, 'validation_failed', ['tags.1']]);
    expect(refusal(await patch({ attributes: { [`col${LONE}or`]: 'teal' } }))).toEqual([400, 'validation_failed', ['attributes.col\\ud800or']]);
    expect(refusal(await patch({ attributes: { color: `te${NUL}al` } }))).toEqual([400, 'validation_failed', ['attributes.color']]);
    // A field no schema knows is still scanned: the text never reaches a store, whatever the route.
    const deep = await patch({ extra: [{ a: [[`${NUL}`]] }] });
    expect(refusal(deep)).toEqual([400, 'validation_failed', ['extra.0.a.0.0']]);
    expect((await call('GET', `/api/v1/products/${productId}`, { token })).body.name).toBe('Edge');
  });

  it('refuses NUL in the email of an unauthenticated login', async () => {
    const login = await call('POST', '/api/v1/auth/login', { body: { companySlug: shop.tenant.slug, email: `owner${NUL}@x.test`, password: 'x' } });
    expect(refusal(login)).toEqual([400, 'validation_failed', ['email']]);
  });

  it('refuses a body nested deeper than any stack', async () => {
    const depth = 100_000;
    const rawBody = `{"name":${'['.repeat(depth)}"${'\\u0000'}"${']'.repeat(depth)}}`;
    const res = await call('PATCH', `/api/v1/products/${productId}`, { token, rawBody, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details[0].path).toBe(`name${'.0'.repeat(31)}.…`);
  });

  it('refuses malformed percent-escapes in the path and the query', async () => {
    for (const path of ['/api/v1/products/%E0%A4%A', '/api/v1/products/%ZZ', '/api/v1/products/a%ED%A0%80b']) {
      expect([path, ...refusal(await call('GET', path, { token }))]).toEqual([path, 400, 'validation_failed', ['path']]);
    }
    for (const query of ['q=%E0%A4%A', 'q=%ZZ', 'q=%ED%A0%80']) {
      expect([query, ...refusal(await call('GET', `/api/v1/products?${query}`, { token }))]).toEqual([query, 400, 'validation_failed', ['query']]);
    }
    // Well-formed escapes still decode, reserved characters included.
    const found = await call('GET', '/api/v1/products?q=%C3%A9dge%20%26', { token });
    expect(found.status).toBe(200);
  });

  it('names at most 20 unknown fields and says how many there were', async () => {
    const keys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1]));
    const res = await call('PATCH', `/api/v1/products/${productId}`, { token, body: keys });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toHaveLength(20);
    expect(res.body.error.details[0]).toEqual({ path: 'k0', message: 'Unknown field' });
    expect(res.body.error.message).toContain('50000 problems');
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
    const one = await call('PATCH', `/api/v1/products/${productId}`, { token, body: { role: 'owner' } });
    expect([one.body.error.message, one.body.error.details]).toEqual(['Invalid request body', [{ path: 'role', message: 'Unknown field' }]]);
  });

  it('takes currencies the runtime knows as ISO 4217 only', async () => {
    const make = (currency: string, sku: string) => call('POST', '/api/v1/products', { token, body: { sku, name: 'Coin', price: { amountCents: 1, currency }, stock: 1 } });
    expect(refusal(await make('XXQ', 'C-1'))).toEqual([400, 'validation_failed', ['price.currency']]);
    expect(refusal(await make('eur', 'C-2'))).toEqual([400, 'validation_failed', ['price.currency']]);
    for (const [currency, sku] of [['JPY', 'C-3'], ['CHF', 'C-4']]) expect((await make(currency!, sku!)).status).toBe(201);
  });
});

/** Sends `request` on a fresh connection and reads the answer until the server closes it. */
function rawExchange(baseUrl: string, request: string): Promise<{ status: number; headers: Map<string, string>; body: any }> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined });
    });
  });
}

describe('requests Node\'s HTTP parser refuses', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers an oversized request line or header block with 431, the error shape and X-Request-Id', async () => {
    const longUrl = await rawExchange(app.baseUrl, `GET /api/v1/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const bigHeader = await rawExchange(app.baseUrl, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    for (const res of [longUrl, bigHeader]) {
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
    }
    expect(longUrl.headers.get('x-request-id')).not.toBe(bigHeader.headers.get('x-request-id'));
  });

  it('answers a malformed request with 400 and the error shape', async () => {
    const res = await rawExchange(app.baseUrl, 'GET /health HTTP/1.1\r\nBad Header: x\r\n\r\n');
    expect([res.status, res.body?.error?.code]).toEqual([400, 'malformed_request']);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The server is still up for everyone else.
    expect((await httpClient(app.baseUrl)('GET', '/health')).status).toBe(200);
  });
});

describe('text at the edge [pglite]', () => {
  const ctx = useTenantApp({ store: 'pglite' }, 60_000);
  const { call } = ctx;

  it('answers 400 where PostgreSQL would have refused the text with a 500', async () => {
    const token = ctx.tenant.ownerToken;
    expect(refusal(await call('GET', '/api/v1/products/a%00b', { token }))).toEqual([400, 'validation_failed', ['params.id']]);
    expect(refusal(await call('GET', '/api/v1/products?q=a%00b', { token }))).toEqual([400, 'validation_failed', ['query.q']]);
    const create = await call('POST', '/api/v1/products', { token, body: { sku: 'P-1', name: `x${LONE}`, price: eur(1), stock: 1 } });
    expect(refusal(create)).toEqual([400, 'validation_failed', ['name']]);
    const login = await call('POST', '/api/v1/auth/login', { body: { companySlug: ctx.tenant.slug, email: `a${NUL}@x.test`, password: 'x' } });
    expect(refusal(login)).toEqual([400, 'validation_failed', ['email']]);
  });
});
