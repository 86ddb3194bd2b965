import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('system endpoints and cross-cutting HTTP behaviour', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app.close());

  it('answers /health', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('names each adapter in /ready', async () => {
    const res = await call('GET', '/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.adapters).toContainEqual({ name: 'store:memory', critical: true, reachable: true });
  });

  it('puts an X-Request-Id on every answer, echoing a usable one', async () => {
    const fresh = await call('GET', '/health');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await call('GET', '/api/v1/nowhere', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const unusable = await call('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(unusable.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });

  it('exposes request counts and latency by route template in /metrics', async () => {
    await call('GET', '/api/v1/categories/some-id');
    const res = await call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds_count{method="GET",route="/api/v1/categories/:id",status="401"}');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and /docs', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const create = doc.body.paths['/api/v1/categories'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewCategory' });
    expect(doc.body.components.schemas.NewCategory.properties.name).toBeDefined();
    expect(doc.body.paths['/api/v1/categories/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    const docs = await call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger-ui');
    expect((await call('GET', '/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('answers unknown routes, malformed JSON and oversized bodies with the error shape', async () => {
    const missing = await call('GET', '/api/v1/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const malformed = await call('POST', '/api/v1/companies', { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const huge = await call('POST', '/api/v1/companies', {
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('refuses a missing or malformed bearer with 401 unauthenticated', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer not.a.jwt']) {
      const res = await call('GET', '/api/v1/categories', { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });
});
