// RequestPasswordReset, SendPasswordResetMail and ConfirmPasswordReset: a request recorded as
// an event, answered by mail with a single-use, expiring grant.
import { describe, expect, it } from 'vitest';
import { passwordResetMailConsumer } from '../../../adapters/consumers/password-reset-mail-consumer';
import { InMemoryMailer } from '../../../adapters/memory/in-memory-mailer';
import { UndeliverableEvent } from '../../../application/ports/message-bus';
import { domainEvent } from '../../../domain/shared/domain-event';
import type { PasswordReset } from '../../../domain/identity/password-reset';
import type { User } from '../../../domain/identity/user';
import { failure, identityWorld, PASSWORD, RESET_TTL_MINUTES, value, type IdentityWorld } from './identity-fixture';

const NEW_PASSWORD = 'a brand new passphrase';

const grants = (world: IdentityWorld) => [...world.store.table<PasswordReset>('password_resets').values()];

const requests = (world: IdentityWorld) => world.events('PasswordResetRequested');

describe('RequestPasswordReset', () => {
  it('records the request as an event carrying no secret, and mints and mails nothing itself', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'Shop', email: ' OWNER@shop.test', ip: '10.0.0.1' }));
    expect(await requests(world)).toEqual([
      { id: expect.any(String), type: 'PasswordResetRequested', companyId: shop.company.id, occurredAt: world.clock.now().toISOString(), version: 1, payload: { email: 'owner@shop.test' } },
    ]);
    expect(grants(world)).toEqual([]);
    expect(world.mailbox.sent).toEqual([]);
  });

  it('does the same for a known and an unknown email, and nothing for an unknown company', async () => {
    const world = identityWorld();
    await world.company('shop');
    const known = await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'owner@shop.test', ip: '10.0.0.1' });
    const unknown = await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'ghost@shop.test', ip: '10.0.0.1' });
    const nowhere = await world.uc.requestPasswordReset.execute({ companySlug: 'nowhere', email: 'owner@shop.test', ip: '10.0.0.1' });
    expect([unknown, nowhere]).toEqual([known, known]);
    expect((await requests(world)).map((e) => e.payload)).toEqual([{ email: 'owner@shop.test' }, { email: 'ghost@shop.test' }]);
  });

  it('counts requests per email, known or not, and per address, and refuses past either allowance', async () => {
    const world = identityWorld({ resetsPerEmail: 2, resetsPerAddress: 3 });
    await world.company('shop');
    const ask = (email: string, ip: string) => world.uc.requestPasswordReset.execute({ companySlug: 'shop', email, ip });
    for (const email of ['owner@shop.test', 'ghost@shop.test']) {
      value(await ask(email, '10.0.0.1'));
      value(await ask(email.toUpperCase(), '10.0.0.2'));
      const limited = failure(await ask(email, '10.0.0.3'), 'rate_limited');
      expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
    value(await ask('third@shop.test', '10.0.0.1'));
    failure(await ask('fourth@shop.test', '10.0.0.1'), 'rate_limited');
    expect(await requests(world)).toHaveLength(5);
  });
});

describe('SendPasswordResetMail', () => {
  it('mails a link and the token to a known user, storing only its hash with an expiry', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    value(await world.requestReset('Shop', ' OWNER@shop.test'));
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

  it('sends and stores nothing for an unknown email', async () => {
    const world = identityWorld();
    await world.company('shop');
    value(await world.requestReset('shop', 'ghost@shop.test'));
    expect(world.mailbox.sent).toEqual([]);
    expect(grants(world)).toEqual([]);
  });

  it('answers each request once, however often it is delivered', async () => {
    const world = identityWorld();
    await world.company('shop');
    value(await world.requestReset('shop', 'owner@shop.test'));
    await world.deliverResetRequests();
    value(await world.requestReset('shop', 'owner@shop.test'));
    await world.deliverResetRequests();
    expect(world.mailbox.sentTo('owner@shop.test')).toHaveLength(2);
    expect(grants(world)).toHaveLength(2);
  });

  it('keeps nothing when the transport refuses the mail, so a redelivery sends it', async () => {
    let refuse = true;
    const mailbox = new InMemoryMailer();
    const world = identityWorld({ mailer: { send: (message) => (refuse ? Promise.reject(new Error('relay down')) : mailbox.send(message)) } });
    await world.company('shop');
    value(await world.uc.requestPasswordReset.execute({ companySlug: 'shop', email: 'owner@shop.test', ip: '10.0.0.1' }));
    await expect(world.deliverResetRequests()).rejects.toThrow('relay down');
    expect(grants(world)).toEqual([]);
    refuse = false;
    await world.deliverResetRequests();
    expect(mailbox.sentTo('owner@shop.test')).toHaveLength(1);
    expect(grants(world)).toHaveLength(1);
  });
});

describe('the password reset mail consumer', () => {
  it('hands a request to SendPasswordResetMail, and refuses a malformed one as undeliverable', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const consumer = passwordResetMailConsumer(world.uc.sendPasswordResetMail);
    const request = (payload: unknown, id: string) => domainEvent('PasswordResetRequested', shop.company.id, payload, { id, occurredAt: world.clock.now() });
    await consumer.handle({ attempt: 1, event: request({ email: 'owner@shop.test' }, 'e1') });
    expect(world.mailbox.sentTo('owner@shop.test')).toHaveLength(1);
    await expect(consumer.handle({ attempt: 1, event: request({ mail: 'owner@shop.test' }, 'e2') })).rejects.toBeInstanceOf(UndeliverableEvent);
    expect(grants(world)).toHaveLength(1);
  });
});

describe('ConfirmPasswordReset', () => {
  const requested = async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    value(await world.requestReset('shop', 'owner@shop.test'));
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
      failure(await world.refresh(tokens.refreshToken), 'unauthenticated');
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
    value(await world.requestReset('shop', staff.email));
    const token = world.resetTokenFor(staff.email);
    value(await world.uc.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    failure(await world.uc.confirmPasswordReset.execute({ token, newPassword: NEW_PASSWORD }), 'validation_failed');
  });
});
