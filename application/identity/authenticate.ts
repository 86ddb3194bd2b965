import type { Actor, SessionActor } from '../../domain/identity/actor';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
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
 */
export class Authenticate {
  private readonly checks = new Map<string, Check>();
  private readonly checkEveryMs: number;
  private readonly maxTokens: number;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    settings: AuthenticateSettings,
  ) {
    this.checkEveryMs = settings.checkEveryMs;
    this.maxTokens = settings.maxTokens ?? 10_000;
  }

  execute(accessToken: string): Answer | Promise<Answer> {
    const verified = this.tokens.verify(accessToken);
    if (!verified.ok) return verified.reason === 'token_expired' ? EXPIRED : INVALID;
    const now = this.clock.now().getTime();
    const recent = this.checks.get(accessToken);
    // Concurrent requests with a token share one pending read instead of each asking the store.
    if (recent && now - recent.at < this.checkEveryMs) return recent.answer;
    return this.check(accessToken, verified.actor, verified.sessionId, now);
  }

  private check(accessToken: string, actor: Actor, sessionId: string, now: number): Promise<Answer> {
    const pending = this.uow
      .read((repos) => repos.sessions.current(actor.companyId, actor.userId, sessionId))
      .then((state): Answer => (state ? ok({ userId: actor.userId, companyId: actor.companyId, role: state.role, sessionId }) : ENDED));
    const check: Check = { at: now, answer: pending };
    // Re-inserted, so the Map's order is the order of the last checks and the oldest goes first.
    this.checks.delete(accessToken);
    this.checks.set(accessToken, check);
    if (this.checks.size > this.maxTokens) this.checks.delete(this.checks.keys().next().value as string);
    pending.then(
      (answer) => {
        check.answer = answer;
      },
      // A failed read is not remembered: the next request asks again (and this one fails, closed).
      () => {
        if (this.checks.get(accessToken) === check) this.checks.delete(accessToken);
      },
    );
    return pending;
  }
}
