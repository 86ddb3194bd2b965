// Two tabs refreshing one session at once (SPEC §3.1): a spent refresh token presented again
// within REFRESH_REUSE_LEEWAY_SECONDS answers the same successor, on every store; after the
// leeway it is reuse and ends the session.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompany, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { postgresAvailable } from '../support/test-databases';

const kinds = (await postgresAvailable()) ? (['memory', 'pglite', 'postgres'] as const) : (['memory', 'pglite'] as const);

const LEEWAY_SECONDS = 10;
const PARALLEL = 20;

describe.each(kinds)('refresh races on %s', (store) => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ store, env: { REFRESH_REUSE_LEEWAY_SECONDS: String(LEEWAY_SECONDS) } });
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
  }, 60_000);
  afterAll(() => app?.close());

  const login = async () =>
    (await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email: tenant.ownerEmail, password: 'correct horse battery' } })).body.tokens;
  const refresh = (refreshToken: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const me = (accessToken: string) => call('GET', '/api/v1/users/me', { token: accessToken });

  it(`answers ${PARALLEL} parallel refreshes of one token with one and the same refresh token, and the session lives on`, async () => {
    const session = await login();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => refresh(session.refreshToken)));
    expect(answers.map((a) => a.status)).toEqual(Array(PARALLEL).fill(200));
    const successors = new Set(answers.map((a) => a.body.tokens.refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = successors;
    expect(successor).not.toBe(session.refreshToken);
    // Each access token is one of the same session (the refresh token family), and works.
    const sessionOf = (accessToken: string) => (jwt.decode(accessToken) as jwt.JwtPayload).sid;
    expect(new Set(answers.map((a) => sessionOf(a.body.tokens.accessToken)))).toEqual(new Set([sessionOf(session.accessToken)]));
    for (const answer of answers) expect((await me(answer.body.tokens.accessToken)).body.id).toBe(tenant.ownerId);
    const next = await refresh(successor);
    expect(next.status).toBe(200);
    expect(next.body.tokens.refreshToken).not.toBe(successor);
    expect((await me(next.body.tokens.accessToken)).status).toBe(200);
    expect((await refresh(next.body.tokens.refreshToken)).status).toBe(200);
  });

  it('answers a spent token presented after the leeway with token_reused, and ends its session', async () => {
    const session = await login();
    const rotated = await refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    app.clock.advance((LEEWAY_SECONDS - 1) * 1000);
    expect((await refresh(session.refreshToken)).body.tokens.refreshToken).toBe(rotated.body.tokens.refreshToken);
    app.clock.advance(1000);
    const reused = await refresh(session.refreshToken);
    expect([reused.status, reused.body.error.code]).toEqual([401, 'token_reused']);
    const successor = await refresh(rotated.body.tokens.refreshToken);
    expect([successor.status, successor.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});
