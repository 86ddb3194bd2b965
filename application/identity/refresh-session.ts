import type { RefreshToken } from '../../domain/identity/refresh-token';
import { judgeRefreshToken } from '../../domain/identity/session';
import { assertNever } from '../../domain/shared/assert-never';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Secrets } from '../ports/secrets';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export interface RefreshSessionInput {
  readonly refreshToken: string;
  /** Client address: refreshes are counted per address. */
  readonly ip: string;
}
export type RefreshSessionError = AppError<'unauthenticated' | 'token_expired' | 'token_reused' | 'rate_limited'>;

export interface RefreshSettings {
  /** How long a spent token still answers with its successor (SPEC §3.1); 0 turns that off. */
  readonly reuseLeewaySeconds: number;
}

type Outcome = { readonly tokens: Tokens } | { readonly refused: RefreshSessionError };

const refused = (code: RefreshSessionError['code'], message: string): Outcome => ({ refused: appError(code, message) });

/** What the successor of a spent refresh token is derived for; changing it ends every leeway in flight. */
const SUCCESSOR = 'refresh-successor';

/**
 * Rotation: the presented token is spent and the next one of its family issued, carrying
 * the user's current role. The successor's secret is derived from the spent one under the
 * server key, so a spent token presented again within the leeway (a second tab refreshing
 * at the same moment) is answered with the same successor without any secret being stored;
 * after the leeway, a spent token revokes its whole family.
 */
export class RefreshSession {
  private readonly reuseLeewayMs: number;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    settings: RefreshSettings,
  ) {
    this.reuseLeewayMs = settings.reuseLeewaySeconds * 1000;
  }

  async execute(input: RefreshSessionInput): Promise<Result<Tokens, RefreshSessionError>> {
    const decision = await this.limiter.consume(input.ip);
    if (!decision.allowed) {
      return err(appError('rate_limited', 'Too many refreshes from this address; try again later', { retryAfterSeconds: decision.retryAfterSeconds }));
    }
    // Refusals are committed outcomes, not rollbacks: a detected reuse must leave the family revoked.
    const outcome = await this.uow.run(async (tx): Promise<Result<Outcome, never>> => ok(await this.present(tx, input.refreshToken)));
    if (!outcome.ok) return outcome;
    return 'tokens' in outcome.value ? ok(outcome.value.tokens) : err(outcome.value.refused);
  }

  private async present(tx: Transaction, secret: string): Promise<Outcome> {
    const now = this.clock.now();
    const token = await tx.refreshTokens.byHash(this.secrets.hash(secret));
    if (!token) return refused('unauthenticated', 'Unknown refresh token');
    const verdict = judgeRefreshToken(token, now, this.reuseLeewayMs);
    switch (verdict) {
      case 'usable':
        return this.rotate(tx, token, secret, now);
      case 'recently_spent':
        return this.answerWithSuccessor(tx, token, secret, now);
      case 'reused':
        return this.revoke(tx, token, now);
      case 'expired':
        return refused('token_expired', 'The refresh token has expired; log in again');
      case 'revoked':
        return refused('unauthenticated', 'The refresh token is no longer valid');
      default:
        return assertNever(verdict);
    }
  }

  private async rotate(tx: Transaction, token: RefreshToken, secret: string, now: Date): Promise<Outcome> {
    const user = await tx.users.byId(token.companyId, token.userId);
    if (!user) return refused('unauthenticated', 'The user no longer exists');
    if (await tx.refreshTokens.spend(token.id, now)) {
      return { tokens: await this.sessions.issue(tx, user, token.familyId, this.secrets.derive(secret, SUCCESSOR)) };
    }
    // A concurrent rotation of this token spent it first, a moment ago. The conditional update
    // waited for that transaction to commit, so its successor is there to be read.
    return this.reuseLeewayMs > 0 ? this.answerWithSuccessor(tx, token, secret, now) : this.revoke(tx, token, now);
  }

  /**
   * The pair the rotation of `token` gave: its successor, found by the hash of the secret
   * derived again, with a new access token of the same session. A successor that has been
   * spent or revoked since leaves the presentation what it was before the leeway: reuse.
   */
  private async answerWithSuccessor(tx: Transaction, token: RefreshToken, secret: string, now: Date): Promise<Outcome> {
    const successorSecret = this.secrets.derive(secret, SUCCESSOR);
    const successor = await tx.refreshTokens.byHash(this.secrets.hash(successorSecret));
    if (!successor || successor.familyId !== token.familyId || judgeRefreshToken(successor, now, this.reuseLeewayMs) !== 'usable') {
      return this.revoke(tx, token, now);
    }
    const user = await tx.users.byId(token.companyId, token.userId);
    if (!user) return refused('unauthenticated', 'The user no longer exists');
    return { tokens: this.sessions.pair(user, token.familyId, successorSecret) };
  }

  private async revoke(tx: Transaction, token: RefreshToken, now: Date): Promise<Outcome> {
    await tx.refreshTokens.revokeFamily(token.familyId, now);
    return refused('token_reused', 'This refresh token was already used; every session of its family is revoked');
  }
}
