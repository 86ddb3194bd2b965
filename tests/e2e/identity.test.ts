import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, addMember, registerCompany, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { uniqueSlug } from '../support/unique';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe('identity and tenancy over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
  });
  afterAll(() => app.close());

  const login = (email: string, password = PASSWORD, slug = tenant.slug, headers: Record<string, string> = {}) =>
    call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email, password }, headers });

  // Some tests move the app's clock by days; every test starts with an owner token issued "now".
  beforeEach(async () => {
    tenant = { ...tenant, ownerToken: (await login(tenant.ownerEmail)).body.tokens.accessToken };
  });

  describe('companies and sign-up', () => {
    it('registers a company whose owner is signed in, and refuses a taken slug', async () => {
      const slug = uniqueSlug();
      const body = { name: 'Shop', slug, owner: { email: `Boss@${slug}.test`, password: PASSWORD, displayName: 'Boss' } };
      const res = await call('POST', '/api/v1/companies', { body });
      expect(res.status).toBe(201);
      expect(res.body.company).toMatchObject({ name: 'Shop', slug });
      expect(res.body.user).toMatchObject({ email: `boss@${slug}.test`, role: 'owner' });
      expect(res.body.user.passwordHash).toBeUndefined();
      expect(res.body.tokens).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      const me = await call('GET', '/api/v1/users/me', { token: res.body.tokens.accessToken });
      expect(me.body.id).toBe(res.body.user.id);
      const taken = await call('POST', '/api/v1/companies', { body });
      expect([taken.status, taken.body.error.code]).toEqual([409, 'conflict']);
      const badSlug = await call('POST', '/api/v1/companies', { body: { ...body, slug: 'Not A Slug' } });
      expect([badSlug.status, badSlug.body.error.details[0].path]).toEqual([400, 'slug']);
      const shortPassword = await call('POST', '/api/v1/companies', { body: { ...body, slug: uniqueSlug(), owner: { ...body.owner, password: 'short' } } });
      expect(shortPassword.status).toBe(400);
    });

    it('signs customers up by company slug', async () => {
      const email = `new@${tenant.slug}.test`;
      const res = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email, password: PASSWORD, displayName: 'New' } });
      expect(res.status).toBe(201);
      expect(res.body.user.role).toBe('customer');
      const again = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email, password: PASSWORD, displayName: 'New' } });
      expect(again.status).toBe(409);
      const nowhere = await call('POST', '/api/v1/auth/signup', { body: { companySlug: 'no-such-company', email, password: PASSWORD, displayName: 'N' } });
      expect(nowhere.status).toBe(404);
      const massAssign = await call('POST', '/api/v1/auth/signup', { body: { companySlug: tenant.slug, email: `x${email}`, password: PASSWORD, displayName: 'N', role: 'owner' } });
      expect([massAssign.status, massAssign.body.error.code]).toEqual([400, 'validation_failed']);
    });
  });

  describe('login and sessions', () => {
    it('logs in, and answers the same 401 for a wrong password, unknown email or unknown company', async () => {
      const ok = await login(tenant.ownerEmail);
      expect(ok.status).toBe(200);
      expect(ok.body.user.email).toBe(tenant.ownerEmail);
      for (const res of [await login(tenant.ownerEmail, 'wrong-password'), await login('ghost@nowhere.test'), await login(tenant.ownerEmail, PASSWORD, 'no-such-co')]) {
        expect(res.status).toBe(401);
        expect(res.body.error).toEqual({ code: 'invalid_credentials', message: 'Wrong company, email or password' });
      }
    });

    it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
      const first = (await login(tenant.ownerEmail)).body.tokens;
      const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(second.status).toBe(200);
      expect(second.body.tokens.refreshToken).not.toBe(first.refreshToken);
      app.clock.advance(10_000); // past REFRESH_REUSE_LEEWAY_SECONDS: a second presentation is reuse
      const reused = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect([reused.status, reused.body.error.code]).toEqual([401, 'token_reused']);
      const newest = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.tokens.refreshToken } });
      expect(newest.status).toBe(401);
      const unknown = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'made-up' } });
      expect([unknown.status, unknown.body.error.code]).toEqual([401, 'unauthenticated']);
    });

    it('expires refresh tokens after their lifetime', async () => {
      const tokens = (await login(tenant.ownerEmail)).body.tokens;
      app.clock.advance(31 * 86_400_000);
      const res = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
      expect([res.status, res.body.error.code]).toEqual([401, 'token_expired']);
    });

    it("logs out one session: the given refresh token's, or without one the access token's", async () => {
      const [a, b, c] = [(await login(tenant.ownerEmail)).body.tokens, (await login(tenant.ownerEmail)).body.tokens, (await login(tenant.ownerEmail)).body.tokens];
      expect((await call('POST', '/api/v1/auth/logout', { token: a.accessToken, body: { refreshToken: a.refreshToken } })).status).toBe(204);
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
      const stillB = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: b.refreshToken } });
      expect(stillB.status).toBe(200);
      expect((await call('POST', '/api/v1/auth/logout', { token: c.accessToken })).status).toBe(204);
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: c.refreshToken } })).status).toBe(401);
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: stillB.body.tokens.refreshToken } })).status).toBe(200);
      expect((await call('POST', '/api/v1/auth/logout', {})).status).toBe(401);
    });
  });

  describe('access tokens', () => {
    // A real session of the owner: a token without a live session is refused whatever its signature.
    const claims = () => ({ cid: tenant.companyId, role: 'owner', sid: (jwt.decode(tenant.ownerToken) as jwt.JwtPayload).sid as string });
    const sign = (options: jwt.SignOptions, secret = SECRET) => {
      const now = Math.floor(app.clock.now().getTime() / 1000);
      return jwt.sign({ ...claims(), iat: now, exp: now + 600 }, secret, {
        subject: tenant.ownerId, issuer: 'conversion-graph', audience: 'conversion-graph-api', ...options,
      });
    };
    const me = (token: string) => call('GET', '/api/v1/users/me', { token });

    it('accepts a correctly signed token of a live session', async () => {
      expect((await me(sign({}))).status).toBe(200);
    });

    it('refuses a correctly signed token without a session, or of a session that does not exist', async () => {
      const now = Math.floor(app.clock.now().getTime() / 1000);
      const options = { subject: tenant.ownerId, issuer: 'conversion-graph', audience: 'conversion-graph-api' };
      const noSession = jwt.sign({ cid: tenant.companyId, role: 'owner', iat: now, exp: now + 600 }, SECRET, options);
      const madeUpSession = jwt.sign({ ...claims(), sid: 'no-such-session', iat: now, exp: now + 600 }, SECRET, options);
      for (const token of [noSession, madeUpSession]) {
        const res = await me(token);
        expect([res.status, res.body.error.code]).toEqual([401, 'unauthenticated']);
      }
    });

    it('refuses alg none, a wrong audience or issuer, a foreign key and a tampered payload', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...claims(), sub: tenant.ownerId, iss: 'conversion-graph', aud: 'conversion-graph-api', exp: 9_999_999_999 })).toString('base64url');
      const [h, , s] = sign({}).split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims(), role: 'owner', cid: 'other', sub: tenant.ownerId })).toString('base64url')}.${s}`;
      for (const token of [`${header}.${payload}.`, sign({ audience: 'someone-else' }), sign({ issuer: 'evil' }), sign({}, 'another-secret-another-secret-0000'), tampered]) {
        const res = await me(token);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('unauthenticated');
      }
    });

    it('says token_expired once the 15 minutes are over', async () => {
      const token = (await login(tenant.ownerEmail)).body.tokens.accessToken;
      app.clock.advance(16 * 60_000);
      const res = await me(token);
      expect([res.status, res.body.error.code]).toEqual([401, 'token_expired']);
    });
  });

  describe('password reset', () => {
    it('mails a single-use token that sets a new password and ends every session', async () => {
      const member = await addMember(call, tenant, 'customer');
      const session = (await login(member.email)).body.tokens;
      const asked = await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email: member.email } });
      expect(asked.status).toBe(202);
      const ghost = await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email: 'ghost@x.test' } });
      expect(ghost.status).toBe(202);
      await app.settle();
      const mail = app.mailer.sentTo(member.email).at(-1);
      const token = /token: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
      expect(token).not.toBe('');
      expect(mail?.text).toContain('/reset-password?token=');
      const confirm = (newPassword: string) => call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword } });
      expect((await confirm('a brand new password')).status).toBe(204);
      const second = await confirm('another new password');
      expect([second.status, second.body.error.details[0].path]).toEqual([400, 'token']);
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
      expect((await login(member.email)).status).toBe(401);
      expect((await login(member.email, 'a brand new password')).status).toBe(200);
    });

    it('refuses an expired reset token', async () => {
      const member = await addMember(call, tenant, 'customer');
      await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email: member.email } });
      await app.settle();
      const token = /token: (\S+)/.exec(app.mailer.sentTo(member.email).at(-1)?.text ?? '')?.[1];
      app.clock.advance(31 * 60_000);
      const res = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'whatever-password' } });
      expect(res.status).toBe(400);
    });
  });

  describe('user management', () => {
    it('lets admins manage users up to their own role and staff only read', async () => {
      const admin = await addMember(call, tenant, 'admin');
      const staff = await addMember(call, tenant, 'staff');
      const customer = await addMember(call, tenant, 'customer');
      const list = await call('GET', '/api/v1/users?role=customer&limit=100', { token: staff.token });
      expect(list.status).toBe(200);
      expect(list.body.items.every((u: any) => u.role === 'customer')).toBe(true);
      expect((await call('GET', '/api/v1/users', { token: customer.token })).status).toBe(403);
      expect((await call('GET', `/api/v1/users/${customer.id}`, { token: staff.token })).status).toBe(200);
      expect((await call('GET', `/api/v1/users/${staff.id}`, { token: customer.token })).status).toBe(403);
      expect((await call('GET', `/api/v1/users/${customer.id}`, { token: customer.token })).status).toBe(200);
      const grantOwner = await call('POST', '/api/v1/users', { token: admin.token, body: { email: `o@${uniqueSlug()}.test`, password: PASSWORD, displayName: 'O', role: 'owner' } });
      expect(grantOwner.status).toBe(403);
      expect((await call('PATCH', `/api/v1/users/${tenant.ownerId}`, { token: admin.token, body: { displayName: 'x' } })).status).toBe(403);
      expect((await call('POST', '/api/v1/users', { token: staff.token, body: { email: `s@${uniqueSlug()}.test`, password: PASSWORD, displayName: 'S', role: 'customer' } })).status).toBe(403);
      const promoted = await call('PATCH', `/api/v1/users/${customer.id}`, { token: admin.token, body: { role: 'staff' } });
      expect([promoted.status, promoted.body.role]).toEqual([200, 'staff']);
      const selfPromote = await call('PATCH', `/api/v1/users/${staff.id}`, { token: staff.token, body: { role: 'admin' } });
      expect(selfPromote.status).toBe(403);
      const rename = await call('PATCH', `/api/v1/users/${staff.id}`, { token: staff.token, body: { displayName: 'Renamed' } });
      expect([rename.status, rename.body.displayName]).toEqual([200, 'Renamed']);
      const dupEmail = await call('POST', '/api/v1/users', { token: admin.token, body: { email: staff.email, password: PASSWORD, displayName: 'D', role: 'customer' } });
      expect(dupEmail.status).toBe(409);
      expect((await call('DELETE', `/api/v1/users/${customer.id}`, { token: admin.token })).status).toBe(204);
      expect((await call('GET', `/api/v1/users/${customer.id}`, { token: admin.token })).status).toBe(404);
      expect((await login(customer.email)).status).toBe(401);
    });

    it('never removes or demotes the last owner', async () => {
      const shop = await registerCompany(call);
      const demote = await call('PATCH', `/api/v1/users/${shop.ownerId}`, { token: shop.ownerToken, body: { role: 'admin' } });
      expect([demote.status, demote.body.error.code]).toEqual([409, 'conflict']);
      expect((await call('DELETE', `/api/v1/users/${shop.ownerId}`, { token: shop.ownerToken })).status).toBe(409);
      const second = await call('POST', '/api/v1/users', { token: shop.ownerToken, body: { email: `two@${shop.slug}.test`, password: PASSWORD, displayName: 'Two', role: 'owner' } });
      expect(second.status).toBe(201);
      expect((await call('DELETE', `/api/v1/users/${shop.ownerId}`, { token: shop.ownerToken })).status).toBe(204);
    });
  });

  describe('API keys', () => {
    it('shows the secret once, lists keys without it, and revokes', async () => {
      const admin = await addMember(call, tenant, 'admin');
      const staff = await addMember(call, tenant, 'staff');
      const created = await call('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'web sdk' } });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^cgk_/);
      expect(created.body.secret.startsWith(created.body.prefix)).toBe(true);
      const list = await call('GET', '/api/v1/api-keys', { token: admin.token });
      const listed = list.body.items.find((k: any) => k.id === created.body.id);
      expect(listed).toEqual({ id: created.body.id, name: 'web sdk', prefix: created.body.prefix, createdAt: created.body.createdAt, revokedAt: null });
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      expect((await call('POST', '/api/v1/api-keys', { token: staff.token, body: { name: 'x' } })).status).toBe(403);
      expect((await call('GET', '/api/v1/api-keys', { token: staff.token })).status).toBe(403);
      expect((await call('DELETE', `/api/v1/api-keys/${created.body.id}`, { token: admin.token })).status).toBe(204);
      const after = await call('GET', '/api/v1/api-keys', { token: admin.token });
      expect(after.body.items.find((k: any) => k.id === created.body.id).revokedAt).toEqual(expect.any(String));
      expect((await call('DELETE', '/api/v1/api-keys/missing', { token: admin.token })).status).toBe(404);
    });
  });
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After once the attempts are used up', async () => {
    const app = await startTestApp({ env: { LOGIN_MAX_ATTEMPTS: '3' } });
    try {
      const call = httpClient(app.baseUrl);
      const tenant = await registerCompany(call);
      const attempt = () => call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const other = await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email: 'someone@else.test', password: 'wrong-password' } });
      expect(other.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
