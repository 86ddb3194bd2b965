// Sessions ended on one replica end on every replica at once (SPEC §1.2, §3.1): the writes that
// change a session are announced after commit, and Authenticate drops what they made stale.
// Two "replicas" share one memory store and an in-process broadcast group; no clock moves.
import { describe, expect, it } from 'vitest';
import { InProcessReplicaBroadcast } from '../../../adapters/memory/in-process-replica-broadcast';
import { Authenticate } from '../../../application/identity/authenticate';
import { ConfirmPasswordReset } from '../../../application/identity/confirm-password-reset';
import { DeleteUser } from '../../../application/identity/delete-user';
import { LogOut } from '../../../application/identity/log-out';
import { RefreshSession } from '../../../application/identity/refresh-session';
import { SessionIssuer, type Tokens } from '../../../application/identity/session-issuer';
import { SessionNoticesUnitOfWork } from '../../../application/identity/session-notices-unit-of-work';
import { UpdateUser } from '../../../application/identity/update-user';
import { MemoryRateLimiter } from '../../../adapters/security/memory-rate-limiter';
import type { ReplicaNotice } from '../../../application/ports/replica-broadcast';
import type { UnitOfWork } from '../../../application/ports/unit-of-work';
import type { SessionActor } from '../../../domain/identity/actor';
import { failure, identityWorld, REFRESH_TTL_DAYS, value, type IdentityWorld } from './identity-fixture';

const CHECK_MS = 500;

async function twoReplicas() {
  const world = identityWorld();
  const shop = await world.company('shop');
  const onA = new InProcessReplicaBroadcast();
  const onB = onA.replica();
  let reads = 0;
  const counting: UnitOfWork = { run: (work) => world.uow.run(work), read: (work) => ((reads += 1), world.uow.read(work)) };
  const authenticateOnB = new Authenticate(world.accessTokens, counting, world.clock, { checkEveryMs: CHECK_MS }, onB);
  // Replica A's writes go through the same unit of work as in production.
  const uowA = new SessionNoticesUnitOfWork(world.uow, onA);
  const heardOnB: ReplicaNotice[] = [];
  onB.listen({ notice: (notice) => heardOnB.push(notice), lost: () => undefined });
  const issuer = new SessionIssuer(world.accessTokens, world.secrets, world.ids, world.clock, REFRESH_TTL_DAYS);
  const onReplicaA = {
    deleteUser: new DeleteUser(uowA, world.clock),
    updateUser: new UpdateUser(uowA, world.hasher, world.clock),
    logOut: new LogOut(uowA, world.secrets, world.clock),
    confirmPasswordReset: new ConfirmPasswordReset(uowA, world.secrets, world.hasher, world.clock),
    refreshSession: new RefreshSession(uowA, world.secrets, issuer, world.clock, new MemoryRateLimiter({ points: 1000, durationSeconds: 60 }), {
      reuseLeewaySeconds: 0,
    }),
  };
  /** Authenticates on B: a first time to make B remember the check. */
  const warm = async (tokens: Tokens) => value(await authenticateOnB.execute(tokens.accessToken));
  return { world, shop, onA, onB, authenticateOnB, onReplicaA, heardOnB, warm, reads: () => reads };
}

describe('session notices between replicas', () => {
  it('refuses on B, at once, the token of a user deleted through A', async () => {
    const { world, shop, onReplicaA, authenticateOnB, warm } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    const session = value(await world.logIn('shop', staff.email)).tokens;
    await warm(session);
    value(await onReplicaA.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    failure(await authenticateOnB.execute(session.accessToken), 'unauthenticated');
  });

  it('applies on B, at once, a demotion made through A', async () => {
    const { world, shop, onReplicaA, authenticateOnB, warm } = await twoReplicas();
    const admin = await world.member(shop.owner, 'admin');
    const session = value(await world.logIn('shop', admin.email)).tokens;
    expect((await warm(session)).role).toBe('admin');
    value(await onReplicaA.updateUser.execute({ actor: shop.owner, id: admin.userId, role: 'customer' }));
    expect(value(await authenticateOnB.execute(session.accessToken)).role).toBe('customer');
  });

  it('ends on B, at once, the session logged out through A, and keeps remembering the other sessions', async () => {
    const { world, shop, onReplicaA, authenticateOnB, warm, reads } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    const [a, b] = [value(await world.logIn('shop', staff.email)).tokens, value(await world.logIn('shop', staff.email)).tokens];
    await warm(a);
    await warm(b);
    const before = reads();
    value(await onReplicaA.logOut.execute({ actor: actorOf(world, a) }));
    failure(await authenticateOnB.execute(a.accessToken), 'unauthenticated');
    value(await authenticateOnB.execute(b.accessToken));
    // Only the ended session was asked about again.
    expect(reads()).toBe(before + 1);
  });

  it('ends on B, at once, every session of a user whose password was reset or changed through A', async () => {
    const { world, shop, onReplicaA, authenticateOnB, warm } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    const session = value(await world.logIn('shop', staff.email)).tokens;
    await warm(session);
    value(await world.requestReset('shop', staff.email));
    value(await onReplicaA.confirmPasswordReset.execute({ token: world.resetTokenFor(staff.email), newPassword: 'a brand new password' }));
    failure(await authenticateOnB.execute(session.accessToken), 'unauthenticated');

    const next = value(await world.logIn('shop', staff.email, 'a brand new password')).tokens;
    await warm(next);
    value(await onReplicaA.updateUser.execute({ actor: actorOf(world, next), id: staff.userId, password: 'yet another password' }));
    failure(await authenticateOnB.execute(next.accessToken), 'unauthenticated');
  });

  it('ends on B, at once, a family revoked through A for a reused refresh token', async () => {
    const { world, shop, onReplicaA, authenticateOnB, warm } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    const first = value(await world.logIn('shop', staff.email)).tokens;
    const second = value(await onReplicaA.refreshSession.execute({ refreshToken: first.refreshToken, ip: '10.0.0.9' }));
    await warm(second);
    failure(await onReplicaA.refreshSession.execute({ refreshToken: first.refreshToken, ip: '10.0.0.9' }), 'token_reused');
    failure(await authenticateOnB.execute(second.accessToken), 'unauthenticated');
  });

  it('announces nothing for work that changes no session, and nothing for work rolled back', async () => {
    const { world, shop, onReplicaA, heardOnB } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    value(await world.logIn('shop', staff.email));
    failure(await onReplicaA.deleteUser.execute({ actor: shop.owner, id: shop.owner.userId }), 'conflict');
    expect(heardOnB).toEqual([]);
    value(await onReplicaA.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    expect(heardOnB).toEqual([{ kind: 'user-sessions', companyId: shop.owner.companyId, userId: staff.userId }]);
  });

  it('reuses no remembered check while notices may pass unheard, and after a loss asks the store again', async () => {
    const { world, shop, onB, authenticateOnB, warm, reads } = await twoReplicas();
    await warm(shop.tokens);
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    expect(reads()).toBe(1);
    onB.disconnect();
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    expect(reads()).toBe(3);
    onB.reconnect();
    // Checks made while not hearing were not kept: the first one after the reconnection asks.
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    expect(reads()).toBe(4);
    world.clock.advance(CHECK_MS);
    value(await authenticateOnB.execute(shop.tokens.accessToken));
    expect(reads()).toBe(5);
  });

  it('a removal announced while B was not hearing is not answered from a check remembered before', async () => {
    const { world, shop, onReplicaA, onB, authenticateOnB, warm } = await twoReplicas();
    const staff = await world.member(shop.owner, 'staff');
    const session = value(await world.logIn('shop', staff.email)).tokens;
    await warm(session);
    onB.disconnect();
    value(await onReplicaA.deleteUser.execute({ actor: shop.owner, id: staff.userId }));
    onB.reconnect();
    failure(await authenticateOnB.execute(session.accessToken), 'unauthenticated');
  });
});

function actorOf(world: IdentityWorld, tokens: Tokens): SessionActor {
  const verified = world.accessTokens.verify(tokens.accessToken);
  if (!verified.ok) throw new Error(`token refused: ${verified.reason}`);
  return { ...verified.actor, sessionId: verified.sessionId };
}
