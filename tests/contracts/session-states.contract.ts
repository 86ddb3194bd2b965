// SessionStates: a session lives while its user exists and no token of its refresh-token family
// is revoked; its state carries the user's current role.
import { expect, it } from 'vitest';
import type { Transaction } from '../../application/ports/unit-of-work';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import type { User } from '../../domain/identity/user';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function sessionStatesContract(store: StoreGetter): void {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, 0, 250));
  const aUser = (extra: Partial<User> = {}): User => ({
    id: uniqueId(), companyId: uniqueId(), email: `${uniqueId()}@x.test`, displayName: 'U', role: 'staff',
    passwordHash: 'scrypt$1024$8$1$salt$key', createdAt: at(0), updatedAt: at(0), ...extra,
  });
  const aToken = (user: User, familyId: string, extra: Partial<RefreshToken> = {}): RefreshToken => ({
    id: uniqueId(), companyId: user.companyId, userId: user.id, familyId, tokenHash: uniqueId(),
    expiresAt: at(60), spentAt: null, revokedAt: null, createdAt: at(0), ...extra,
  });
  const write = (work: (tx: Transaction) => Promise<unknown>) =>
    store().uow.run(async (tx) => ok(await work(tx)));
  /** A user with one session (one unspent token); returns both. */
  const signedIn = async (extra: Partial<User> = {}) => {
    const user = aUser(extra);
    const sessionId = uniqueId();
    await write(async (tx) => {
      await tx.users.add(user);
      await tx.refreshTokens.save(aToken(user, sessionId));
    });
    return { user, sessionId };
  };
  const current = (companyId: string, userId: string, sessionId: string) =>
    store().uow.read((r) => r.sessions.current(companyId, userId, sessionId));
  const stateOf = (s: { user: User; sessionId: string }) => current(s.user.companyId, s.user.id, s.sessionId);

  it("answers a live session with its user's role", async () => {
    const session = await signedIn({ role: 'admin' });
    expect(await stateOf(session)).toEqual({ role: 'admin' });
  });

  it('keeps a rotated session live: spent tokens of the family do not end it', async () => {
    const session = await signedIn();
    const { user, sessionId } = session;
    await write(async (tx) => {
      await tx.refreshTokens.save(aToken(user, sessionId, { spentAt: at(1) }));
      await tx.refreshTokens.save(aToken(user, sessionId, { spentAt: at(2) }));
    });
    expect(await stateOf(session)).toEqual({ role: 'staff' });
  });

  it('follows a change of role at once, down and up', async () => {
    const session = await signedIn({ role: 'admin' });
    await write((tx) => tx.users.save({ ...session.user, role: 'customer', updatedAt: at(1) }));
    expect(await stateOf(session)).toEqual({ role: 'customer' });
    await write((tx) => tx.users.save({ ...session.user, role: 'owner', updatedAt: at(2) }));
    expect(await stateOf(session)).toEqual({ role: 'owner' });
  });

  it('ends every session of a removed user', async () => {
    const session = await signedIn();
    await write((tx) => tx.users.remove(session.user.companyId, session.user.id));
    expect(await stateOf(session)).toBeNull();
  });

  it('ends a revoked family only, and every family when all of the user are revoked', async () => {
    const first = await signedIn();
    const second = { user: first.user, sessionId: uniqueId() };
    await write((tx) => tx.refreshTokens.save(aToken(first.user, second.sessionId)));
    await write((tx) => tx.refreshTokens.revokeFamily(first.sessionId, at(3)));
    expect(await stateOf(first)).toBeNull();
    expect(await stateOf(second)).toEqual({ role: 'staff' });
    await write((tx) => tx.refreshTokens.revokeAllOfUser(first.user.companyId, first.user.id, at(4)));
    expect(await stateOf(second)).toBeNull();
  });

  it('ends a family once any of its tokens is revoked, even if a later one was not', async () => {
    // Reuse detection racing a rotation can leave the rotation's new token unrevoked.
    const session = await signedIn();
    await write(async (tx) => {
      await tx.refreshTokens.revokeFamily(session.sessionId, at(5));
      await tx.refreshTokens.save(aToken(session.user, session.sessionId));
    });
    expect(await stateOf(session)).toBeNull();
  });

  it("answers null for an unknown family, another user's family, or the user under another company", async () => {
    const mine = await signedIn();
    const theirs = await signedIn();
    expect(await current(mine.user.companyId, mine.user.id, uniqueId())).toBeNull();
    expect(await current(mine.user.companyId, mine.user.id, theirs.sessionId)).toBeNull();
    expect(await current(uniqueId(), mine.user.id, mine.sessionId)).toBeNull();
    expect(await current(mine.user.companyId, uniqueId(), mine.sessionId)).toBeNull();
    expect(await stateOf(mine)).toEqual({ role: 'staff' });
  });
}
