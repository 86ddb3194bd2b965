// Tells every replica when a transaction changed what SessionStates answers (SPEC §1.2, §3.1),
// so that their remembered session checks go at once, not at the end of SESSION_CHECK_MS.
import type { Result } from '../../domain/shared/result';
import type { RefreshTokenRepository } from '../ports/refresh-token-repository';
import type { ReplicaBroadcast, ReplicaNotice } from '../ports/replica-broadcast';
import type { Repositories, Transaction, UnitOfWork } from '../ports/unit-of-work';
import type { UserRepository } from '../ports/user-repository';

/**
 * Wraps a unit of work and watches the writes a session's liveness and role are read from: a
 * user saved (a role or password change) or removed, a session family or all of a user's
 * tokens revoked. Once the transaction has committed, each is announced before the caller gets
 * its result. Watching the repositories, not the use cases, means a new use case that ends
 * sessions is announced without a line of its own.
 *
 * A process that dies between the commit and the announcement leaves the other replicas
 * trusting their checks for at most SESSION_CHECK_MS, as before notices existed. A notice
 * that cannot be sent is reported to `onError` and does not fail the committed work.
 */
export class SessionNoticesUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly broadcast: ReplicaBroadcast,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const notices = new Map<string, ReplicaNotice>();
    const result = await this.inner.run((tx) => work(watching(tx, notices)));
    if (result.ok) {
      for (const notice of notices.values()) {
        try {
          await this.broadcast.announce(notice);
        } catch (error) {
          this.onError(error);
        }
      }
    }
    return result;
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }
}

/** `tx` with its user and refresh-token writes noted in `notices` (one per user or session). */
function watching(tx: Transaction, notices: Map<string, ReplicaNotice>): Transaction {
  const user = (companyId: string, userId: string) =>
    notices.set(`u:${companyId}:${userId}`, { kind: 'user-sessions', companyId, userId });
  const session = (sessionId: string) => notices.set(`s:${sessionId}`, { kind: 'session-ended', sessionId });
  const { users, refreshTokens } = tx;
  const watchedUsers: UserRepository = {
    byId: (companyId, id) => users.byId(companyId, id),
    byEmail: (companyId, email) => users.byEmail(companyId, email),
    list: (companyId, page, role) => users.list(companyId, page, role),
    countWithRole: (companyId, role) => users.countWithRole(companyId, role),
    add: (added) => users.add(added),
    save: async (saved) => {
      await users.save(saved);
      user(saved.companyId, saved.id);
    },
    remove: async (companyId, id) => {
      await users.remove(companyId, id);
      user(companyId, id);
    },
  };
  const watchedTokens: RefreshTokenRepository = {
    byHash: (hash) => refreshTokens.byHash(hash),
    save: async (token) => {
      await refreshTokens.save(token);
      if (token.revokedAt) session(token.familyId);
    },
    spend: (id, at) => refreshTokens.spend(id, at),
    revokeFamily: async (familyId, at) => {
      await refreshTokens.revokeFamily(familyId, at);
      session(familyId);
    },
    revokeAllOfUser: async (companyId, userId, at) => {
      await refreshTokens.revokeAllOfUser(companyId, userId, at);
      user(companyId, userId);
    },
  };
  return { ...tx, users: watchedUsers, refreshTokens: watchedTokens };
}
