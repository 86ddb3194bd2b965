// SPEC §3.1: an access token stops working within a second when its user is deleted, demoted,
// logs out of that session or resets the password. Each replica trusts the store's word on a
// session for SESSION_CHECK_MS of its clock; these tests move the clock past it.
import { describe, expect, it } from 'vitest';
import { PASSWORD, addMember } from '../support/builders';
import { useTenantApp } from '../support/tenant-app';
import { uniqueSlug } from '../support/unique';

const CHECK_MS = 500;

describe('sessions end at once over HTTP', () => {
  const ctx = useTenantApp({ env: { SESSION_CHECK_MS: String(CHECK_MS) } });
  const { call } = ctx;

  /** Past the interval: the next request of every session asks the store again. */
  const nextInterval = () => ctx.app.clock.advance(CHECK_MS);
  const login = async (email: string, password = PASSWORD) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { companySlug: ctx.tenant.slug, email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.tokens as { accessToken: string; refreshToken: string };
  };
  const createCategory = (token: string) => call('POST', '/api/v1/categories', { token, body: { name: `Category ${uniqueSlug()}`, parentId: null } });
  const listCategories = (token: string) => call('GET', '/api/v1/categories', { token });
  const changeRole = async (id: string, role: string) => {
    const res = await call('PATCH', `/api/v1/users/${id}`, { token: ctx.tenant.ownerToken, body: { role } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  it('refuses the token of a deleted staff user: it cannot create a category', async () => {
    const staff = await addMember(call, ctx.tenant, 'staff');
    expect((await createCategory(staff.token)).status).toBe(201);
    expect((await call('DELETE', `/api/v1/users/${staff.id}`, { token: ctx.tenant.ownerToken })).status).toBe(204);
    nextInterval();
    const refused = await createCategory(staff.token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
  });

  it("applies a demotion to the user's tokens: an admin made customer gets 403 on a staff route", async () => {
    const admin = await addMember(call, ctx.tenant, 'admin');
    expect((await createCategory(admin.token)).status).toBe(201);
    await changeRole(admin.id, 'customer');
    nextInterval();
    const refused = await createCategory(admin.token);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await listCategories(admin.token)).status).toBe(200);
  });

  it('applies a promotion too: a customer made staff may write at once', async () => {
    const customer = await addMember(call, ctx.tenant, 'customer');
    expect((await createCategory(customer.token)).status).toBe(403);
    await changeRole(customer.id, 'staff');
    nextInterval();
    expect((await createCategory(customer.token)).status).toBe(201);
  });

  it('ends the logged-out session only: another session of the same user keeps working', async () => {
    const member = await addMember(call, ctx.tenant, 'staff');
    const [a, b, c] = [await login(member.email), await login(member.email), await login(member.email)];
    expect((await call('POST', '/api/v1/auth/logout', { token: a.accessToken })).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/logout', { token: b.accessToken, body: { refreshToken: c.refreshToken } })).status).toBe(204);
    nextInterval();
    for (const ended of [a, c]) {
      const refused = await listCategories(ended.accessToken);
      expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
    }
    expect((await listCategories(b.accessToken)).status).toBe(200);
    expect((await listCategories(member.token)).status).toBe(200);
  });

  it('ends every session of a user who resets the password', async () => {
    const member = await addMember(call, ctx.tenant, 'customer');
    const other = await login(member.email);
    expect((await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: ctx.tenant.slug, email: member.email } })).status).toBe(202);
    await ctx.app.settle();
    const token = /reset token: (\S+)/.exec(ctx.app.mailer.sentTo(member.email).at(-1)?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const confirmed = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'a brand new password' } });
    expect(confirmed.status).toBe(204);
    nextInterval();
    for (const ended of [member.token, other.accessToken]) {
      const refused = await listCategories(ended);
      expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
    }
    expect((await listCategories((await login(member.email, 'a brand new password')).accessToken)).status).toBe(200);
  });

  it('ends every session of a user whose password is changed', async () => {
    const member = await addMember(call, ctx.tenant, 'customer');
    const changed = await call('PATCH', `/api/v1/users/${member.id}`, { token: member.token, body: { password: 'a changed password' } });
    expect(changed.status).toBe(200);
    nextInterval();
    expect((await listCategories(member.token)).status).toBe(401);
  });
});
