// LogIn, RefreshSession, LogOut and Authenticate: sessions with rotating refresh tokens.
import { describe, expect, it } from 'vitest';
import { Authenticate } from '../../../application/identity/authenticate';
import { LogIn } from '../../../application/identity/log-in';
import { SessionIssuer } from '../../../application/identity/session-issuer';
import type { PasswordHasher } from '../../../application/ports/password-hasher';
import type { RefreshToken } from '../../../domain/identity/refresh-token';
import { MemoryRateLimiter } from '../../../adapters/security/memory-rate-limiter';
import { failure, identityWorld, PASSWORD, REFRESH_TTL_DAYS, value } from './identity-fixture';

describe('LogIn', () => {
  it('signs a user in with a case-insensitive email and company slug', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const result = value(await world.logIn(' SHOP', ' Owner@Shop.TEST ', PASSWORD));
    expect(result.user.id).toBe(shop.user.id);
    expect(world.actorOf(result.tokens)).toEqual(shop.owner);
  });

  it('gives one and the same answer for a wrong password, an unknown email and an unknown company', async () => {
    const world = identityWorld();
    await world.company('shop');
    const answers = [
      await world.logIn('shop', 'owner@shop.test', 'wrong password'),
      await world.logIn('shop', 'ghost@shop.test', PASSWORD),
      await world.logIn('nowhere', 'owner@shop.test', PASSWORD),
    ];
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(failure(answers[0]!, 'invalid_credentials').message).toBe('Wrong company, email or password');
  });

  it('checks a password hash even for unknown users, so timing tells nothing', async () => {
    const world = identityWorld();
    await world.company('shop');
    let verifications = 0;
    const counting: PasswordHasher = {
      hash: (p) => world.hasher.hash(p),
      verify: (p, h) => {
        verifications += 1;
        return world.hasher.verify(p, h);
      },
    };
    const sessions = new SessionIssuer(world.accessTokens, world.secrets, world.ids, world.clock, REFRESH_TTL_DAYS);
    const logIn = new LogIn(world.uow, counting, sessions, new MemoryRateLimiter({ points: 10, durationSeconds: 60 }));
    for (const [slug, email] of [['shop', 'ghost@shop.test'], ['nowhere', 'owner@shop.test'], ['shop', 'owner@shop.test']]) {
      await logIn.execute({ companySlug: slug!, email: email!, password: 'wrong password', ip: '1.1.1.1' });
    }
    expect(verifications).toBe(3);
  });

  it('counts every attempt per ip, company and email, refuses past the allowance, and forgets on success', async () => {
    const world = identityWorld({ loginAttempts: 3 });
    await world.company('shop');
    const wrong = () => world.logIn('shop', 'owner@shop.test', 'wrong password', '10.0.0.9');
    failure(await wrong(), 'invalid_credentials');
    failure(await wrong(), 'invalid_credentials');
    value(await world.logIn('shop', 'owner@shop.test', PASSWORD, '10.0.0.9'));
    for (let i = 0; i < 3; i++) failure(await wrong(), 'invalid_credentials');
    const limited = failure(await world.logIn('shop', 'owner@shop.test', PASSWORD, '10.0.0.9'), 'rate_limited');
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(900);
    value(await world.logIn('shop', 'owner@shop.test', PASSWORD, '10.0.0.10'));
    failure(await world.logIn('shop', 'OWNER@shop.test', PASSWORD, '10.0.0.9'), 'rate_limited');
  });
});

describe('RefreshSession', () => {
  const setUp = async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    return { world, shop, refresh: (refreshToken: string) => world.uc.refreshSession.execute({ refreshToken }) };
  };
  const stored = (world: ReturnType<typeof identityWorld>, secret: string): RefreshToken | undefined =>
    [...world.store.table<RefreshToken>('refresh_tokens').values()].find((t) => t.tokenHash === world.secrets.hash(secret));

  it('spends the presented token and issues the next of the same family', async () => {
    const { world, shop, refresh } = await setUp();
    const next = value(await refresh(shop.tokens.refreshToken));
    expect(next.refreshToken).not.toBe(shop.tokens.refreshToken);
    expect(world.actorOf(next)).toEqual(shop.owner);
    const [old, fresh] = [stored(world, shop.tokens.refreshToken), stored(world, next.refreshToken)];
    expect(old?.spentAt).toEqual(world.clock.now());
    expect(fresh).toMatchObject({ familyId: old?.familyId, spentAt: null, revokedAt: null });
    expect(fresh?.tokenHash).not.toBe(next.refreshToken);
    value(await refresh(next.refreshToken));
  });

  it('treats a spent token presented again as theft: token_reused and the whole family revoked', async () => {
    const { world, shop, refresh } = await setUp();
    const next = value(await refresh(shop.tokens.refreshToken));
    failure(await refresh(shop.tokens.refreshToken), 'token_reused');
    expect(stored(world, next.refreshToken)?.revokedAt).toEqual(world.clock.now());
    failure(await refresh(next.refreshToken), 'unauthenticated');
    // Other sessions of the same user are other families and live on.
    const other = value(await world.logIn('shop', 'owner@shop.test'));
    value(await refresh(other.tokens.refreshToken));
  });

  it('lets only one of two concurrent rotations of one token win, and then revokes the family', async () => {
    const { world, shop, refresh } = await setUp();
    const [a, b] = await Promise.all([refresh(shop.tokens.refreshToken), refresh(shop.tokens.refreshToken)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const winner = a.ok ? a.value : b.ok ? b.value : null;
    failure(a.ok ? b : a, 'token_reused');
    expect(stored(world, winner?.refreshToken ?? '')?.revokedAt).not.toBeNull();
  });

  it('answers token_expired after the refresh lifetime and unauthenticated for unknown tokens', async () => {
    const { world, shop, refresh } = await setUp();
    failure(await refresh('made-up-token'), 'unauthenticated');
    world.clock.advance(REFRESH_TTL_DAYS * 86_400_000 - 1000);
    const justInTime = value(await refresh(shop.tokens.refreshToken));
    world.clock.advance(REFRESH_TTL_DAYS * 86_400_000);
    failure(await refresh(justInTime.refreshToken), 'token_expired');
  });

  it('puts the user\'s current role in the new access token, and refuses once the user is gone', async () => {
    const { world, shop, refresh } = await setUp();
    const staff = await world.member(shop.owner, 'staff');
    const session = value(await world.logIn('shop', staff.email));
    value(await world.uc.updateUser.execute({ actor: shop.owner, id: staff.userId, role: 'admin' }));
    const promoted = value(await refresh(session.tokens.refreshToken));
    expect(world.actorOf(promoted).role).toBe('admin');
    value(await world.uc.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    failure(await refresh(promoted.refreshToken), 'unauthenticated');
  });
});

describe('LogOut', () => {
  it('revokes the given token\'s family only, and ignores tokens of somebody else', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const customer = await world.member(shop.owner, 'customer');
    const theirs = value(await world.logIn('shop', customer.email)).tokens;
    const second = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    value(await world.uc.logOut.execute({ actor: shop.owner, refreshToken: shop.tokens.refreshToken }));
    failure(await world.uc.refreshSession.execute({ refreshToken: shop.tokens.refreshToken }), 'unauthenticated');
    value(await world.uc.logOut.execute({ actor: shop.owner, refreshToken: theirs.refreshToken }));
    value(await world.uc.logOut.execute({ actor: shop.owner, refreshToken: 'unknown' }));
    value(await world.uc.refreshSession.execute({ refreshToken: theirs.refreshToken }));
    value(await world.uc.refreshSession.execute({ refreshToken: second.refreshToken }));
  });

  it('without a token, ends every session of the caller', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const second = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    value(await world.uc.logOut.execute({ actor: shop.owner }));
    for (const tokens of [shop.tokens, second]) {
      failure(await world.uc.refreshSession.execute({ refreshToken: tokens.refreshToken }), 'unauthenticated');
    }
  });
});

describe('Authenticate', () => {
  it('turns a valid access token into its actor, and tells an expired token from a bad one', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const authenticate = new Authenticate(world.accessTokens);
    expect(value(authenticate.execute(shop.tokens.accessToken))).toEqual(shop.owner);
    failure(authenticate.execute('not.a.jwt'), 'unauthenticated');
    world.clock.advance(15 * 60_000 + 1000);
    failure(authenticate.execute(shop.tokens.accessToken), 'token_expired');
  });
});
