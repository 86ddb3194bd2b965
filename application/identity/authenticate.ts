import type { Actor, SessionActor } from '../../domain/identity/actor';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { ReplicaBroadcast, ReplicaNotice } from '../ports/replica-broadcast';
import type { UnitOfWork } from '../ports/unit-of-work';

export type AuthenticateError = AppError<'unauthenticated' | 'token_expired'>;
export type AuthenticateOutput = SessionActor;

type Answer = Result<AuthenticateOutput, AuthenticateError>;

export interface AuthenticateSettings {
  /**
   * How long the store's word on a session is trusted (SESSION_CHECK_MS): a token stops working
   * at most this long after its session ends, on every replica.
   */
  readonly checkEveryMs: number;
  /** Most tokens remembered; the least recently checked go first. */
  readonly maxTokens?: number;
}

/** The store's answer on a token's session, shared by every request with it until it is `checkEveryMs` old. */
interface Check {
  /** When the store was asked (clock milliseconds): what was committed before then is in the answer. */
  readonly at: number;
  /** The owners a notice names it by: its user and its session (see `ownerKeys`). */
  readonly owners: readonly string[];
  /** The pending read, then its answer. */
  answer: Answer | Promise<Answer>;
}

const INVALID: Answer = err(appError('unauthenticated', 'The access token is not valid'));
const EXPIRED: Answer = err(appError('token_expired', 'The access token has expired; refresh it'));
const ENDED: Answer = err(appError('unauthenticated', 'The session of this access token has ended; log in again'));

/**
 * Turns a presented access token into the actor it stands for now. The signature says who and
 * which session; the store says whether the session still lives (user present, family not
 * revoked) and the user's current role, which replaces the token's. That answer is kept per
 * token for `checkEveryMs` of the clock, so a busy session costs one store read per interval
 * per process, and a revocation reaches every replica within the interval (SPEC §3.1). Kept per
 * token, not per session: a token just refreshed to pick up a new role is asked about afresh.
 * A recently checked token is answered at once, not through a promise: the hottest reads then
 * take no extra turn of the event loop for it.
 *
 * With a ReplicaBroadcast, a notice that a user's sessions changed (or a session ended), from
 * any replica, drops the checks it makes stale at once; a loss of notices drops them all, and
 * while notices may pass unheard no check is reused. The interval then only bounds what a
 * notice lost between a commit and its announcement (a crash) can leave open.
 */
export class Authenticate {
  private readonly checks = new Map<string, Check>();
  /** Owner key → the tokens whose remembered checks it names. */
  private readonly tokensByOwner = new Map<string, Set<string>>();
  private readonly checkEveryMs: number;
  private readonly maxTokens: number;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    settings: AuthenticateSettings,
    private readonly broadcast?: ReplicaBroadcast,
  ) {
    this.checkEveryMs = settings.checkEveryMs;
    this.maxTokens = settings.maxTokens ?? 10_000;
    broadcast?.listen({ notice: (notice) => this.hear(notice), lost: () => this.forgetAll() });
  }

  execute(accessToken: string): Answer | Promise<Answer> {
    const verified = this.tokens.verify(accessToken);
    if (!verified.ok) return verified.reason === 'token_expired' ? EXPIRED : INVALID;
    const now = this.clock.now().getTime();
    const recent = this.checks.get(accessToken);
    // Concurrent requests with a token share one pending read instead of each asking the store.
    if (recent && now - recent.at < this.checkEveryMs && (this.broadcast?.live ?? true)) return recent.answer;
    return this.check(accessToken, verified.actor, verified.sessionId, now);
  }

  private check(accessToken: string, actor: Actor, sessionId: string, now: number): Promise<Answer> {
    const pending = this.uow
      .read((repos) => repos.sessions.current(actor.companyId, actor.userId, sessionId))
      .then((state): Answer => (state ? ok({ userId: actor.userId, companyId: actor.companyId, role: state.role, sessionId }) : ENDED));
    // While notices may pass unheard, an answer is used once: a change announced meanwhile would be missed.
    if (!(this.broadcast?.live ?? true)) return pending;
    const check: Check = { at: now, owners: ownerKeys(actor.companyId, actor.userId, sessionId), answer: pending };
    // Re-inserted, so the Map's order is the order of the last checks and the oldest goes first.
    this.forget(accessToken);
    this.remember(accessToken, check);
    if (this.checks.size > this.maxTokens) this.forget(this.checks.keys().next().value as string);
    pending.then(
      (answer) => {
        check.answer = answer;
      },
      // A failed read is not remembered: the next request asks again (and this one fails, closed).
      () => {
        if (this.checks.get(accessToken) === check) this.forget(accessToken);
      },
    );
    return pending;
  }

  private hear(notice: ReplicaNotice): void {
    const owner =
      notice.kind === 'user-sessions' ? userKey(notice.companyId, notice.userId) : notice.kind === 'session-ended' ? sessionKey(notice.sessionId) : null;
    if (owner === null) return;
    for (const token of [...(this.tokensByOwner.get(owner) ?? [])]) this.forget(token);
  }

  private forgetAll(): void {
    this.checks.clear();
    this.tokensByOwner.clear();
  }

  private remember(token: string, check: Check): void {
    this.checks.set(token, check);
    for (const owner of check.owners) {
      let tokens = this.tokensByOwner.get(owner);
      if (!tokens) this.tokensByOwner.set(owner, (tokens = new Set()));
      tokens.add(token);
    }
  }

  private forget(token: string): void {
    const check = this.checks.get(token);
    if (!check) return;
    this.checks.delete(token);
    for (const owner of check.owners) {
      const tokens = this.tokensByOwner.get(owner);
      tokens?.delete(token);
      if (tokens?.size === 0) this.tokensByOwner.delete(owner);
    }
  }
}

const userKey = (companyId: string, userId: string) => `u:${companyId}:${userId}`;
const sessionKey = (sessionId: string) => `s:${sessionId}`;
const ownerKeys = (companyId: string, userId: string, sessionId: string) => [userKey(companyId, userId), sessionKey(sessionId)];
