// LogIn, RefreshSession, LogOut and Authenticate: sessions with rotating refresh tokens.
import { describe, expect, it } from 'vitest';
import { Authenticate } from '../../../application/identity/authenticate';
import { LogIn } from '../../../application/identity/log-in';
import { SessionIssuer, type Tokens } from '../../../application/identity/session-issuer';
import type { PasswordHasher } from '../../../application/ports/password-hasher';
import type { UnitOfWork } from '../../../application/ports/unit-of-work';
import type { SessionActor } from '../../../domain/identity/actor';
import type { RefreshToken } from '../../../domain/identity/refresh-token';
import { MemoryRateLimiter } from '../../../adapters/security/memory-rate-limiter';
import { failure, identityWorld, PASSWORD, REFRESH_LEEWAY_SECONDS, REFRESH_TTL_DAYS, value, type IdentityWorld } from './identity-fixture';

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
    return { world, shop, refresh: (refreshToken: string) => world.refresh(refreshToken) };
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

  it('answers a spent token presented again within the leeway with the same successor and an access token of the session', async () => {
    const { world, shop, refresh } = await setUp();
    const next = value(await refresh(shop.tokens.refreshToken));
    world.clock.advance(REFRESH_LEEWAY_SECONDS * 1000 - 1);
    const again = value(await refresh(shop.tokens.refreshToken));
    expect(again.refreshToken).toBe(next.refreshToken);
    expect(world.actorOf(again)).toEqual(world.actorOf(next));
    expect([...world.store.table<RefreshToken>('refresh_tokens').values()]).toHaveLength(2);
    expect(stored(world, next.refreshToken)).toMatchObject({ spentAt: null, revokedAt: null });
    value(await refresh(next.refreshToken));
  });

  it('treats a spent token presented after the leeway as theft: token_reused and the whole family revoked', async () => {
    const { world, shop, refresh } = await setUp();
    const next = value(await refresh(shop.tokens.refreshToken));
    world.clock.advance(REFRESH_LEEWAY_SECONDS * 1000);
    failure(await refresh(shop.tokens.refreshToken), 'token_reused');
    expect(stored(world, next.refreshToken)?.revokedAt).toEqual(world.clock.now());
    failure(await refresh(next.refreshToken), 'unauthenticated');
    // Other sessions of the same user are other families and live on.
    const other = value(await world.logIn('shop', 'owner@shop.test'));
    value(await refresh(other.tokens.refreshToken));
  });

  it('treats a spent token as reused within the leeway too once its successor was refreshed or its family ended', async () => {
    const { world, shop, refresh } = await setUp();
    const next = value(await refresh(shop.tokens.refreshToken));
    const third = value(await refresh(next.refreshToken));
    failure(await refresh(shop.tokens.refreshToken), 'token_reused');
    failure(await refresh(third.refreshToken), 'unauthenticated');
    const session = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    value(await refresh(session.refreshToken));
    value(await world.uc.logOut.execute({ actor: sessionActor(world, shop.tokens), refreshToken: session.refreshToken }));
    failure(await refresh(session.refreshToken), 'token_reused');
  });

  it('answers concurrent rotations of one token with one and the same successor, and the session lives on', async () => {
    const { world, shop, refresh } = await setUp();
    const answers = (await Promise.all(Array.from({ length: 5 }, () => refresh(shop.tokens.refreshToken)))).map(value);
    expect(new Set(answers.map((a) => a.refreshToken)).size).toBe(1);
    for (const answer of answers) expect(world.actorOf(answer)).toEqual(shop.owner);
    value(await refresh(answers[0]!.refreshToken));
  });

  it('lets only one of two concurrent rotations win when the leeway is 0, and then revokes the family', async () => {
    const world = identityWorld({ refreshLeewaySeconds: 0 });
    const shop = await world.company('shop');
    const [a, b] = await Promise.all([world.refresh(shop.tokens.refreshToken), world.refresh(shop.tokens.refreshToken)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const winner = a.ok ? a.value : b.ok ? b.value : null;
    failure(a.ok ? b : a, 'token_reused');
    expect(stored(world, winner?.refreshToken ?? '')?.revokedAt).not.toBeNull();
  });

  it('counts refreshes per address and refuses past the allowance, whatever the token', async () => {
    const world = identityWorld({ refreshesPerAddress: 2 });
    const shop = await world.company('shop');
    const next = value(await world.refresh(shop.tokens.refreshToken, '10.0.0.7'));
    failure(await world.refresh('made-up-token', '10.0.0.7'), 'unauthenticated');
    const limited = failure(await world.refresh(next.refreshToken, '10.0.0.7'), 'rate_limited');
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    value(await world.refresh(next.refreshToken, '10.0.0.8'));
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
    const owner = sessionActor(world, shop.tokens);
    const customer = await world.member(shop.owner, 'customer');
    const theirs = value(await world.logIn('shop', customer.email)).tokens;
    const second = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    value(await world.uc.logOut.execute({ actor: owner, refreshToken: shop.tokens.refreshToken }));
    failure(await world.refresh(shop.tokens.refreshToken), 'unauthenticated');
    value(await world.uc.logOut.execute({ actor: owner, refreshToken: theirs.refreshToken }));
    value(await world.uc.logOut.execute({ actor: owner, refreshToken: 'unknown' }));
    value(await world.refresh(theirs.refreshToken));
    value(await world.refresh(second.refreshToken));
  });

  it('without a token, ends the session of the caller\'s access token only', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const second = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    value(await world.uc.logOut.execute({ actor: sessionActor(world, shop.tokens) }));
    failure(await world.refresh(shop.tokens.refreshToken), 'unauthenticated');
    value(await world.refresh(second.refreshToken));
  });
});

describe('Authenticate', () => {
  const CHECK_MS = 500;
  const setUp = async (uow: UnitOfWork | null = null) => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const authenticate = new Authenticate(world.accessTokens, uow ?? world.uow, world.clock, { checkEveryMs: CHECK_MS });
    /** Moves past the interval, so the next authentication asks the store again. */
    const nextInterval = () => world.clock.advance(CHECK_MS);
    return { world, shop, authenticate, nextInterval };
  };

  it('turns a valid access token into its actor and session, and tells an expired token from a bad one', async () => {
    const { world, shop, authenticate } = await setUp();
    expect(value(await authenticate.execute(shop.tokens.accessToken))).toEqual(sessionActor(world, shop.tokens));
    failure(await authenticate.execute('not.a.jwt'), 'unauthenticated');
    world.clock.advance(15 * 60_000 + 1000);
    failure(await authenticate.execute(shop.tokens.accessToken), 'token_expired');
  });

  it("gives the user's current role, not the token's, from the next interval on", async () => {
    const { world, shop, authenticate, nextInterval } = await setUp();
    const admin = await world.member(shop.owner, 'admin');
    const session = value(await world.logIn('shop', admin.email)).tokens;
    expect(value(await authenticate.execute(session.accessToken)).role).toBe('admin');
    value(await world.uc.updateUser.execute({ actor: shop.owner, id: admin.userId, role: 'customer' }));
    nextInterval();
    expect(value(await authenticate.execute(session.accessToken)).role).toBe('customer');
    value(await world.uc.updateUser.execute({ actor: shop.owner, id: admin.userId, role: 'staff' }));
    nextInterval();
    expect(value(await authenticate.execute(session.accessToken)).role).toBe('staff');
  });

  it('refuses the tokens of an ended session (logout, password change, removal) and keeps other sessions', async () => {
    const { world, shop, authenticate, nextInterval } = await setUp();
    const staff = await world.member(shop.owner, 'staff');
    const [a, b, c] = [await world.logIn('shop', staff.email), await world.logIn('shop', staff.email), await world.logIn('shop', staff.email)].map((r) => value(r).tokens);
    value(await world.uc.logOut.execute({ actor: sessionActor(world, a!) }));
    nextInterval();
    failure(await authenticate.execute(a!.accessToken), 'unauthenticated');
    value(await authenticate.execute(b!.accessToken));
    value(await world.uc.updateUser.execute({ actor: sessionActor(world, b!), id: staff.userId, password: 'another good password' }));
    nextInterval();
    failure(await authenticate.execute(b!.accessToken), 'unauthenticated');
    failure(await authenticate.execute(c!.accessToken), 'unauthenticated');
    const fresh = value(await world.logIn('shop', staff.email, 'another good password')).tokens;
    value(await authenticate.execute(fresh.accessToken));
    value(await world.uc.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    nextInterval();
    failure(await authenticate.execute(fresh.accessToken), 'unauthenticated');
  });

  it('asks the store once per token and interval, however many requests come at once', async () => {
    const { world, shop, nextInterval } = await setUp();
    let reads = 0;
    const counting: UnitOfWork = { run: (work) => world.uow.run(work), read: (work) => ((reads += 1), world.uow.read(work)) };
    const counted = new Authenticate(world.accessTokens, counting, world.clock, { checkEveryMs: CHECK_MS });
    const burst = () => Promise.all(Array.from({ length: 50 }, () => counted.execute(shop.tokens.accessToken)));
    for (const answer of await burst()) value(answer);
    world.clock.advance(CHECK_MS - 1);
    await burst();
    expect(reads).toBe(1);
    nextInterval();
    await burst();
    expect(reads).toBe(2);
  });

  it('fails closed when the store cannot answer, and asks again on the next request', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    let down = true;
    const flaky: UnitOfWork = {
      run: (work) => world.uow.run(work),
      read: (work) => (down ? Promise.reject(new Error('store unreachable')) : world.uow.read(work)),
    };
    const authenticate = new Authenticate(world.accessTokens, flaky, world.clock, { checkEveryMs: CHECK_MS });
    await expect(authenticate.execute(shop.tokens.accessToken)).rejects.toThrow('store unreachable');
    down = false;
    value(await authenticate.execute(shop.tokens.accessToken));
  });

  it('forgets the least recently checked tokens beyond its bound, and asks the store again for them', async () => {
    const world = identityWorld();
    const shop = await world.company('shop');
    const second = value(await world.logIn('shop', 'owner@shop.test')).tokens;
    let reads = 0;
    const counting: UnitOfWork = { run: (work) => world.uow.run(work), read: (work) => ((reads += 1), world.uow.read(work)) };
    const authenticate = new Authenticate(world.accessTokens, counting, world.clock, { checkEveryMs: CHECK_MS, maxTokens: 1 });
    value(await authenticate.execute(shop.tokens.accessToken));
    value(await authenticate.execute(second.accessToken));
    value(await authenticate.execute(second.accessToken));
    expect(reads).toBe(2);
    value(await authenticate.execute(shop.tokens.accessToken));
    expect(reads).toBe(3);
  });
});

/** The session actor an access token of `tokens` stands for, as Authenticate answers it. */
function sessionActor(world: IdentityWorld, tokens: Tokens): SessionActor {
  const verified = world.accessTokens.verify(tokens.accessToken);
  if (!verified.ok) throw new Error(`token refused: ${verified.reason}`);
  return { ...verified.actor, sessionId: verified.sessionId };
}
