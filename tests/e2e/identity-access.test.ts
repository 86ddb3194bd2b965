// Identity over HTTP, the parts around tenancy and session life: other companies' ids,
// deleted users, role changes reaching tokens, and what a password reset does not reveal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { uniqueSlug } from '../support/unique';

describe('identity: tenancy and session life over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let other: Tenant;
  let admin: Member;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    other = await registerCompany(call, 'Other');
    admin = await addMember(call, tenant, 'admin');
  });
  afterAll(() => app.close());

  const login = (email: string, password = PASSWORD, slug = tenant.slug) =>
    call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email, password } });
  const refresh = (refreshToken: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });

  it('answers 404 for users and API keys of another company, exactly like missing ones', async () => {
    const theirKey = (await call('POST', '/api/v1/api-keys', { token: other.ownerToken, body: { name: 'theirs' } })).body;
    const requests: [string, string, unknown?][] = [
      ['GET', `/api/v1/users/${other.ownerId}`],
      ['PATCH', `/api/v1/users/${other.ownerId}`, { displayName: 'Taken over' }],
      ['DELETE', `/api/v1/users/${other.ownerId}`],
      ['DELETE', `/api/v1/api-keys/${theirKey.id}`],
    ];
    for (const [method, path, body] of requests) {
      const theirs = await call(method, path, { token: tenant.ownerToken, body });
      const missing = await call(method, path.replace(/[^/]+$/, 'no-such-id'), { token: tenant.ownerToken, body });
      expect([theirs.status, theirs.body.error.code], `${method} ${path}`).toEqual([404, 'not_found']);
      expect(missing.status).toBe(404);
    }
    const me = await call('GET', `/api/v1/users/${other.ownerId}`, { token: other.ownerToken });
    expect(me.body.displayName).toBe('Owner');
    const keys = await call('GET', '/api/v1/api-keys', { token: other.ownerToken });
    expect(keys.body.items.find((k: { id: string }) => k.id === theirKey.id).revokedAt).toBeNull();
  });

  it('shows users without hashes or tenancy internals, and pages the list', async () => {
    for (let i = 0; i < 3; i++) await addMember(call, tenant, 'customer');
    const first = await call('GET', '/api/v1/users?limit=2', { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(Object.keys(first.body.items[0]).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'role', 'updatedAt']);
    const second = await call('GET', `/api/v1/users?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: admin.token });
    expect(second.body.items.map((u: { id: string }) => u.id)).not.toContain(first.body.items[0].id);
    for (const query of ['role=root', 'limit=0', 'limit=101', 'companyId=x']) {
      const bad = await call('GET', `/api/v1/users?${query}`, { token: admin.token });
      expect([bad.status, bad.body.error.code], query).toEqual([400, 'validation_failed']);
    }
  });

  it('refuses mass assignment and unknown fields on user changes', async () => {
    const customer = await addMember(call, tenant, 'customer');
    for (const body of [{ companyId: other.companyId }, { email: 'new@x.test' }, { passwordHash: 'x' }]) {
      const res = await call('PATCH', `/api/v1/users/${customer.id}`, { token: customer.token, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
  });

  it('lets customers read and rename themselves only', async () => {
    const customer = await addMember(call, tenant, 'customer');
    const me = await call('GET', '/api/v1/users/me', { token: customer.token });
    expect(me.body).toMatchObject({ id: customer.id, email: customer.email, role: 'customer' });
    expect((await call('GET', `/api/v1/users/${admin.id}`, { token: customer.token })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/users/${customer.id}`, { token: customer.token, body: { role: 'staff' } })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/users/${customer.id}`, { token: customer.token })).status).toBe(403);
    expect((await call('POST', '/api/v1/api-keys', { token: customer.token, body: { name: 'k' } })).status).toBe(403);
    const renamed = await call('PATCH', `/api/v1/users/${customer.id}`, { token: customer.token, body: { displayName: 'Cleo' } });
    expect([renamed.status, renamed.body.displayName]).toEqual([200, 'Cleo']);
  });

  it('ends sessions on a self-service password change; the new password logs in', async () => {
    const customer = await addMember(call, tenant, 'customer');
    const session = (await login(customer.email)).body.tokens;
    const changed = await call('PATCH', `/api/v1/users/${customer.id}`, { token: customer.token, body: { password: 'my second password' } });
    expect(changed.status).toBe(200);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await login(customer.email)).status).toBe(401);
    expect((await login(customer.email, 'my second password')).status).toBe(200);
  });

  it('puts a changed role into the next refreshed access token', async () => {
    const staff = await addMember(call, tenant, 'staff');
    const session = (await login(staff.email)).body.tokens;
    expect((await call('GET', '/api/v1/api-keys', { token: session.accessToken })).status).toBe(403);
    await call('PATCH', `/api/v1/users/${staff.id}`, { token: admin.token, body: { role: 'admin' } });
    const next = (await refresh(session.refreshToken)).body.tokens;
    expect((await call('GET', '/api/v1/users/me', { token: next.accessToken })).body.role).toBe('admin');
    expect((await call('GET', '/api/v1/api-keys', { token: next.accessToken })).status).toBe(200);
  });

  it('shuts a deleted user out: refresh fails and their access token no longer finds them', async () => {
    const customer = await addMember(call, tenant, 'customer');
    const session = (await login(customer.email)).body.tokens;
    expect((await call('DELETE', `/api/v1/users/${customer.id}`, { token: admin.token })).status).toBe(204);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    const me = await call('GET', '/api/v1/users/me', { token: session.accessToken });
    expect([me.status, me.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await call('DELETE', `/api/v1/users/${customer.id}`, { token: admin.token })).status).toBe(404);
  });

  it('ignores a logout with somebody else\'s refresh token', async () => {
    const customer = await addMember(call, tenant, 'customer');
    const theirs = (await login(customer.email)).body.tokens;
    expect((await call('POST', '/api/v1/auth/logout', { token: admin.token, body: { refreshToken: theirs.refreshToken } })).status).toBe(204);
    expect((await refresh(theirs.refreshToken)).status).toBe(200);
    const bad = await call('POST', '/api/v1/auth/logout', { token: admin.token, body: { refreshToken: theirs.refreshToken, all: true } });
    expect(bad.status).toBe(400);
  });

  it('answers a password reset identically for unknown emails and companies, and mails only real users', async () => {
    const ask = (companySlug: string, email: string) => call('POST', '/api/v1/auth/password-reset', { body: { companySlug, email } });
    const ghost = `ghost-${uniqueSlug()}@x.test`;
    const answers = [await ask(tenant.slug, tenant.ownerEmail), await ask(tenant.slug, ghost), await ask('no-such-company', tenant.ownerEmail)];
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    // The mails leave through the outbox.
    await app.settle();
    expect(app.mailer.sentTo(ghost)).toEqual([]);
    const mail = app.mailer.sentTo(tenant.ownerEmail).at(-1);
    expect(mail?.text).toMatch(/^Hello Owner,/);
    expect((await ask(tenant.slug, 'not-an-email')).status).toBe(202);
  });

  it('refuses a reset confirmation with a short password or a made-up token', async () => {
    const short = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'anything', newPassword: 'short' } });
    expect([short.status, short.body.error.details[0].path]).toEqual([400, 'newPassword']);
    const madeUp = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'made-up', newPassword: 'long enough password' } });
    expect([madeUp.status, madeUp.body.error.code, madeUp.body.error.details[0].path]).toEqual([400, 'validation_failed', 'token']);
  });

  it('requires a bearer token on user routes and reports the reason', async () => {
    for (const [method, path] of [['GET', '/api/v1/users/me'], ['GET', '/api/v1/users'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/api-keys']] as const) {
      const res = await call(method, path);
      expect([res.status, res.body.error.code], path).toEqual([401, 'unauthenticated']);
    }
    const garbage = await call('GET', '/api/v1/users/me', { headers: { authorization: 'Bearer not-a-token' } });
    expect(garbage.status).toBe(401);
    const basic = await call('GET', '/api/v1/users/me', { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
  });
});

describe('identity over HTTP on the relational store (PGlite)', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp({ store: 'pglite' });
    call = httpClient(app.baseUrl);
  }, 60_000);
  afterAll(() => app?.close());

  it('registers, signs up, logs in, rotates, detects reuse and resets a password', async () => {
    const tenant = await registerCompany(call);
    const taken = await call('POST', '/api/v1/companies', {
      body: { name: 'Again', slug: tenant.slug, owner: { email: 'x@x.test', password: PASSWORD, displayName: 'X' } },
    });
    expect(taken.status).toBe(409);
    const email = `ana@${tenant.slug}.test`;
    const signUp = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email, password: PASSWORD, displayName: 'Ana' } });
    expect(signUp.status).toBe(201);
    const dup = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email: email.toUpperCase(), password: PASSWORD, displayName: 'Ana' } });
    expect(dup.status).toBe(409);
    const first = (await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email, password: PASSWORD } })).body.tokens;
    const second = (await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).body.tokens;
    app.clock.advance(10_000); // past REFRESH_REUSE_LEEWAY_SECONDS: a second presentation is reuse
    const reused = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reused.body.error.code).toBe('token_reused');
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email } });
    await app.settle();
    const token = /reset token: (\S+)/.exec(app.mailer.sentTo(email).at(-1)?.text ?? '')?.[1];
    expect((await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'pglite new password' } })).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'pglite new password' } })).status).toBe(400);
    const relogin = await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email, password: 'pglite new password' } });
    expect(relogin.status).toBe(200);
    const users = await call('GET', '/api/v1/users?limit=1', { token: tenant.ownerToken });
    expect(users.body.items).toHaveLength(1);
    const more = await call('GET', `/api/v1/users?limit=1&cursor=${encodeURIComponent(users.body.nextCursor)}`, { token: tenant.ownerToken });
    expect(more.body.items[0].email).toBe(email);
  });
});
