// RequestPasswordReset and ConfirmPasswordReset: a single-use, expiring grant sent by mail.
import { describe, expect, it } from 'vitest';
import type { PasswordReset } from '../../../domain/identity/password-reset';
import type { User } from '../../../domain/identity/user';
import { failure, identityWorld, PASSWORD, RESET_TTL_MINUTES, value, type IdentityWorld } from './identity-fixture';

const NEW_PASSWORD = 'a brand new passphrase';

const grants = (world: IdentityWorld) => [...world.store.table<PasswordReset>('password_resets').values()];

describe('RequestPasswordReset', () => {
  it('mails a link and the token to a known user, storing only its hash with an expiry', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'Shop', email: ' OWNER@shop.test' }));
    const mail = world.mailbox.lastTo('owner@shop.test');
    expect(mail?.subject).toBe('Reset your password');
    const token = world.resetTokenFor('owner@shop.test');
    expect(mail?.text).toContain(`https://shop.example/reset-password?token=${encodeURIComponent(token)}`);
    expect(grants(world)).toEqual([
      {
        id: expect.any(String), companyId: shop.company.id, userId: shop.user.id, tokenHash: world.secrets.hash(token),
        expiresAt: new Date(world.clock.now().getTime() + RESET_TTL_MINUTES * 60_000), usedAt: null, createdAt: world.clock.now(),
      },
    ]);
    expect(JSON.stringify(grants(world))).not.toContain(token);
  });

  it('answers the same for unknown emails and companies, and then sends and stores nothing', async () => {
    const world = identityWorld();
    await world.company('shop');
    const known = await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'owner@shop.test' });
    const answers = [
      await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'ghost@shop.test' }),
      await world.uc.requestPasswordReset.execute({ companySlug: 'nowhere', email: 'owner@shop.test' }),
    ];
    for (const answer of answers) expect(answer).toEqual(known);
    expect(world.mailbox.sent.map((m) => m.to)).toEqual(['owner@shop.test']);
    expect(grants(world)).toHaveLength(1);
  });

  it('keeps its answer when the mail transport fails, and reports the failure', async () => {
    const refusal = new Error('relay down');
    const world = identityWorld({ mailer: { send: () => Promise.reject(refusal) } });
    await world.company('shop');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'owner@shop.test' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(world.mailFailures).toEqual([refusal]);
  });
});

describe('ConfirmPasswordReset', () => {
  const requested = async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'owner@shop.test' }));
    return { world, shop, token: world.resetTokenFor('owner@shop.test') };
  };

  it('sets the new password once, marks the grant used and ends every session', async () => {
    const { world, shop, token } = await requested();
    const other = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    world.clock.advance(60_000);
    value(await world.uc.confirmPasswordReset.execute({ token, newPassword: NEW_PASSWORD }));
    expect(grants(world)[0]?.usedAt).toEqual(world.clock.now());
    const user = world.store.table<User>('users').get(shop.user.id);
    expect(user?.updatedAt).toEqual(world.clock.now());
    for (const tokens of [shop.tokens, other]) {
      failure(await world.uc.refreshSession.execute({ refreshToken: tokens.refreshToken }), 'unauthenticated');
    }
    failure(await world.logIn('shop', 'owner@shop.test', PASSWORD), 'invalid_credentials');
    value(await world.logIn('shop', 'owner@shop.test', NEW_PASSWORD));
    const again = failure(await world.uc.confirmPasswordReset.execute({ token, newPassword: 'yet another password' }), 'validation_failed');
    expect(again.details).toEqual([{ path: 'token', message: 'The reset token is invalid, used or expired' }]);
    value(await world.logIn('shop', 'owner@shop.test', NEW_PASSWORD));
  });

  it('refuses an expired or unknown token with a validation error on `token`', async () => {
    const { world, token } = await requested();
    const path = async (t: string) =>
      failure(await world.uc.confirmPasswordReset.execute({ token: t, newPassword: NEW_PASSWORD }), 'validation_failed').details?.[0]?.path;
    expect(await path('made-up')).toBe('token');
    world.clock.advance(RESET_TTL_MINUTES * 60_000);
    expect(await path(token)).toBe('token');
    value(await world.logIn('shop', 'owner@shop.test', PASSWORD));
  });

  it('checks the new password before anything else', async () => {
    const { world, token } = await requested();
    const error = failure(await world.uc.confirmPasswordReset.execute({ token, newPassword: 'short' }), 'validation_failed');
    expect(error.details?.[0]?.path).toBe('newPassword');
    value(await world.uc.confirmPasswordReset.execute({ token, newPassword: NEW_PASSWORD }));
  });

  it('lets only one of two concurrent confirmations with one token through', async () => {
    const { world, token } = await requested();
    const results = await Promise.all([
      world.uc.confirmPasswordReset.execute({ token, newPassword: 'first new password' }),
      world.uc.confirmPasswordReset.execute({ token, newPassword: 'second new password' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0]?.ok ? 'first new password' : 'second new password';
    value(await world.logIn('shop', 'owner@shop.test', winner));
  });

  it('refuses the grant of a user removed since', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const staff = await world.member(shop.owner, 'staff');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: staff.email }));
    const token = world.resetTokenFor(staff.email);
    value(await world.uc.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    failure(await world.uc.confirmPasswordReset.execute({ token, newPassword: NEW_PASSWORD }), 'validation_failed');
  });
});
