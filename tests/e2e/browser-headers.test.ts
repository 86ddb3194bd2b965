// What a browser meets over plain HTTP (SPEC §2): CORS for CORS_ORIGINS with preflights on
// every route, security headers on every answer, `no-store` on answers that carry tokens or
// secrets, and a /metrics that is not public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/builders';
import { httpClient, type Call, type HttpResult } from '../support/http-client';
import { useTenantApp } from '../support/tenant-app';
import { startTestApp, type TestApp } from '../support/test-app';
import { uniqueSlug } from '../support/unique';

const FRONTEND = 'https://app.example.com';
const METRICS_TOKEN = 'metrics-token-0123456789';

const preflight = (baseUrl: string, path: string, origin: string, method = 'POST') =>
  fetch(baseUrl + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method.toUpperCase(), 'access-control-request-headers': 'authorization,content-type' },
  });

const commaList = (value: string | null) => (value ?? '').split(',').map((v) => v.trim().toLowerCase());

function expectSecurityHeaders(res: HttpResult | Response): void {
  const { headers } = res;
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  // Served over plain HTTP: a browser ignores HSTS there, and it must not pin a host not yet on TLS.
  expect(headers.get('strict-transport-security')).toBeNull();
}

describe('browsers: CORS, security headers, caching (CORS_ORIGINS=*)', () => {
  const ctx = useTenantApp();
  const { call } = ctx;

  it('answers a preflight with 204, the methods and headers a client sends, and no credentials', async () => {
    const res = await preflight(ctx.app.baseUrl, '/api/v1/products', 'https://anywhere.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(commaList(res.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete']));
    expect(commaList(res.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-api-key', 'x-request-id']),
    );
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers the preflight of every operation in /openapi.json and of the system routes', async () => {
    const doc = (await call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, 'some-id') })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const system = ['/health', '/ready', '/metrics', '/openapi.json', '/docs'].map((path) => ({ method: 'get', path }));
    for (const { method, path } of [...operations, ...system]) {
      const res = await preflight(ctx.app.baseUrl, path, 'https://anywhere.example', method);
      expect([method, path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([method, path, 204, '*']);
    }
  });

  it('answers an OPTIONS that is not a preflight with the error shape, not a 5xx', async () => {
    const res = await call('OPTIONS', '/api/v1/products', { headers: { origin: FRONTEND } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('lets any origin read answers and exposes X-Request-Id, Retry-After and Location', async () => {
    const res = await call('GET', '/api/v1/users/me', { token: ctx.tenant.ownerToken, headers: { origin: 'https://anywhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(commaList(res.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'location']));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('puts the security headers on a 200, a 404, a refusal and an error thrown below the routes', async () => {
    const answers = [
      await call('GET', '/health'),
      await call('GET', `/api/v1/users/me`, { token: ctx.tenant.ownerToken }),
      await call('GET', '/api/v1/nowhere'),
      await call('GET', '/nowhere'),
      await call('GET', '/api/v1/users/me'),
      await call('POST', '/api/v1/companies', { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } }),
      await call('OPTIONS', '/api/v1/products'),
      await call('GET', '/docs'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 404, 401, 400, 404, 200]);
    for (const res of answers) expectSecurityHeaders(res);
    expect(answers[0]?.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('serves /docs under a CSP that allows only its own scripts, with no inline script on the page', async () => {
    const page = await call('GET', '/docs');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    const scripts = [...String(page.body).matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/ src="\/docs\/[\w.-]+\.js"/);
      expect(inline).toBe('');
    }
    const init = await call('GET', '/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toContain('javascript');
    expect(init.body).toContain('SwaggerUIBundle');
  });

  it('answers every token or secret with Cache-Control: no-store, errors too', async () => {
    const slug = uniqueSlug();
    const ownerEmail = `owner@${slug}.test`;
    const company = await call('POST', '/api/v1/companies', { body: { name: 'Shop', slug, owner: { email: ownerEmail, password: PASSWORD, displayName: 'O' } } });
    const signup = await call('POST', '/api/v1/auth/signup', { body: { companySlug: slug, email: `c@${slug}.test`, password: PASSWORD, displayName: 'C' } });
    const login = await call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email: ownerEmail, password: PASSWORD } });
    const refresh = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.tokens.refreshToken } });
    const apiKey = await call('POST', '/api/v1/api-keys', { token: company.body.tokens.accessToken, body: { name: 'sdk' } });
    const reset = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'not-a-reset-token', newPassword: 'another-password' } });
    const badLogin = await call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email: ownerEmail, password: 'wrong-password' } });
    const answers = { company, signup, login, refresh, apiKey, reset, badLogin };
    expect(Object.values(answers).map((a) => a.status)).toEqual([201, 201, 200, 200, 201, reset.status, 401]);
    expect(reset.status).toBeGreaterThanOrEqual(400);
    expect(company.body.tokens.accessToken).toBeTruthy();
    expect(apiKey.body.secret).toBeTruthy();
    for (const [name, res] of Object.entries(answers)) expect([name, res.headers.get('cache-control')]).toEqual([name, 'no-store']);
  });

  it('leaves caching to a route that chooses it', async () => {
    const asset = await call('GET', '/docs/swagger-ui.css');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('keeps /metrics open without METRICS_TOKEN or METRICS_PORT (development)', async () => {
    const res = await call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
  });
});

describe('browsers: a listed origin (CORS_ORIGINS, TRUST_PROXY)', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp({ env: { CORS_ORIGINS: `${FRONTEND},http://localhost:5173`, TRUST_PROXY: 'true' } });
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app.close());

  it('allows a listed origin by name and varies on Origin', async () => {
    for (const origin of [FRONTEND, 'http://localhost:5173']) {
      const pre = await preflight(app.baseUrl, '/api/v1/companies', origin);
      expect([pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([204, origin]);
      const res = await call('GET', '/health', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(commaList(res.headers.get('vary'))).toContain('origin');
    }
  });

  it('gives an origin not in the list no Access-Control-Allow-Origin, preflight or not', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com']) {
      const pre = await preflight(app.baseUrl, '/api/v1/companies', origin);
      expect(pre.status).toBeLessThan(500);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await call('GET', '/health', { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(commaList(res.headers.get('vary'))).toContain('origin');
    }
  });

  it('sends HSTS only when the request came over https', async () => {
    const viaTls = await call('GET', '/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toMatch(/^max-age=31536000; includeSubDomains/);
    const plain = await call('GET', '/health');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('browsers: X-Forwarded-Proto without TRUST_PROXY', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('does not believe a forwarded https from anyone', async () => {
    const res = await httpClient(app.baseUrl)('GET', '/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let app: TestApp;
  let call: Call;
  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN } });
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app.close());

  it('asks for the bearer token with 401, the error shape and WWW-Authenticate', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: `Bearer ${METRICS_TOKEN}x` }, { authorization: METRICS_TOKEN }];
    for (const headers of attempts) {
      const res = await call('GET', '/metrics', { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(JSON.stringify(res.body)).not.toContain('http_request');
      expectSecurityHeaders(res);
    }
  });

  it('serves the metrics to the token', async () => {
    await call('GET', '/health');
    const res = await call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toContain('http_request_duration_seconds_count{method="GET",route="/health",status="200"}');
  });
});

describe('/metrics with METRICS_PORT', () => {
  let app: TestApp;
  let call: Call;
  let metricsBase: string;
  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_PORT: '0', METRICS_TOKEN } });
    call = httpClient(app.baseUrl);
    metricsBase = `http://127.0.0.1:${app.app.metricsPort}`;
  });
  afterAll(() => app.close());

  it('is not on the public port', async () => {
    const res = await call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('is served on its own port, behind the token when one is set', async () => {
    expect(app.app.metricsPort).toBeGreaterThan(0);
    expect(app.app.metricsPort).not.toBe(Number(new URL(app.baseUrl).port));
    const metrics = httpClient(metricsBase);
    const refused = await metrics('GET', '/metrics');
    expect([refused.status, refused.body.error.code, refused.headers.get('www-authenticate')]).toEqual([401, 'unauthenticated', 'Bearer']);
    await call('GET', '/health');
    const served = await metrics('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(served.status).toBe(200);
    expect(served.body).toContain('route="/health"');
  });

  it('serves nothing else there', async () => {
    const metrics = httpClient(metricsBase);
    for (const path of ['/health', '/api/v1/users/me', '/metrics/x']) {
      const res = await metrics('GET', path, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'not_found']);
    }
  });
});
