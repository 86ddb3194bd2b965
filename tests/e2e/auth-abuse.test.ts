// What an attacker meets on the public auth routes (SPEC §3.1): password reset limited per
// email (registered or not) and per client address, refresh per client address, each with
// 429 and Retry-After; a reset request answered alike for known and unknown emails, its mail
// sent after the fact through the outbox.
import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../support/http-client';
import { useTenantApp } from '../support/tenant-app';
import { uniqueSlug } from '../support/unique';

const expectLimited = (res: HttpResult): void => {
  expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
};

describe('auth abuse limits over HTTP', () => {
  // Behind a trusted proxy the client address comes from X-Forwarded-For, so one test can be many clients.
  const ctx = useTenantApp({
    env: {
      TRUST_PROXY: 'true',
      PASSWORD_RESET_MAX_PER_EMAIL: '2',
      PASSWORD_RESET_MAX_PER_ADDRESS: '4',
      REFRESH_MAX_PER_ADDRESS: '3',
    },
  });
  const { call } = ctx;

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const askReset = (email: string, ip: string) =>
    call('POST', '/api/v1/auth/password-reset', { body: { companySlug: ctx.tenant.slug, email }, headers: from(ip) });
  const refresh = (refreshToken: string, ip: string) => call('POST', '/api/v1/auth/refresh', { body: { refreshToken }, headers: from(ip) });

  it('limits reset requests per email alike whether or not the email is registered, from any address', async () => {
    const ghost = `ghost-${uniqueSlug()}@${ctx.tenant.slug}.test`;
    const member = await call('POST', '/api/v1/users', {
      token: ctx.tenant.ownerToken,
      body: { email: `member-${uniqueSlug()}@${ctx.tenant.slug}.test`, password: 'correct horse battery', displayName: 'M', role: 'customer' },
    });
    const limitedAnswers: HttpResult[] = [];
    for (const email of [member.body.email as string, ghost]) {
      expect((await askReset(email, '10.1.0.1')).status).toBe(202);
      expect((await askReset(email.toUpperCase(), '10.1.0.2')).status).toBe(202);
      const limited = await askReset(email, '10.1.0.3');
      expectLimited(limited);
      limitedAnswers.push(limited);
    }
    expect(limitedAnswers[1]?.body).toEqual(limitedAnswers[0]?.body);
  });

  it('limits reset requests per client address, whatever the emails', async () => {
    for (let i = 0; i < 4; i++) expect((await askReset(`walker-${i}@${ctx.tenant.slug}.test`, '10.2.0.1')).status).toBe(202);
    expectLimited(await askReset(`walker-4@${ctx.tenant.slug}.test`, '10.2.0.1'));
    expect((await askReset(`walker-4@${ctx.tenant.slug}.test`, '10.2.0.2')).status).toBe(202);
  });

  it('limits refreshes per client address, valid token or not', async () => {
    const login = await call('POST', '/api/v1/auth/login', { body: { companySlug: ctx.tenant.slug, email: ctx.tenant.ownerEmail, password: 'correct horse battery' } });
    const rotated = await refresh(login.body.tokens.refreshToken, '10.3.0.1');
    expect(rotated.status).toBe(200);
    expect((await refresh('made-up', '10.3.0.1')).status).toBe(401);
    expect((await refresh('made-up', '10.3.0.1')).status).toBe(401);
    expectLimited(await refresh(rotated.body.tokens.refreshToken, '10.3.0.1'));
    expect((await refresh(rotated.body.tokens.refreshToken, '10.3.0.2')).status).toBe(200);
  });
});

describe('password reset over HTTP: one path for known and unknown emails', () => {
  const ctx = useTenantApp();
  const { call } = ctx;

  it('answers the same 202 for both, then mails exactly one token to the known email and nothing to the unknown one', async () => {
    const ghost = `ghost-${uniqueSlug()}@${ctx.tenant.slug}.test`;
    const ask = (email: string) => call('POST', '/api/v1/auth/password-reset', { body: { companySlug: ctx.tenant.slug, email } });
    const [known, unknown] = [await ask(ctx.tenant.ownerEmail), await ask(ghost)];
    expect(known.status).toBe(202);
    expect([unknown.status, unknown.body]).toEqual([202, known.body]);
    await ctx.app.settle();
    expect(ctx.app.mailer.sentTo(ghost)).toEqual([]);
    const mails = ctx.app.mailer.sentTo(ctx.tenant.ownerEmail);
    expect(mails).toHaveLength(1);
    const token = /reset token: (\S+)/.exec(mails[0]?.text ?? '')?.[1] ?? '';
    expect(token).not.toBe('');
    const requests = ctx.app.delivered.filter((e) => e.type === 'PasswordResetRequested' && e.companyId === ctx.tenant.companyId);
    expect(requests.map((e) => e.payload)).toEqual([{ email: ctx.tenant.ownerEmail }, { email: ghost }]);
    expect(JSON.stringify(requests)).not.toContain(token);
    const confirmed = await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'a brand new password' } });
    expect(confirmed.status).toBe(204);
  });
});
