import { judgeRefreshToken } from '../../domain/identity/session';
import { assertNever } from '../../domain/shared/assert-never';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { Secrets } from '../ports/secrets';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export interface RefreshSessionInput {
  readonly refreshToken: string;
}
export type RefreshSessionError = AppError<'unauthenticated' | 'token_expired' | 'token_reused'>;

type Outcome = { readonly tokens: Tokens } | { readonly refused: RefreshSessionError };

const refused = (code: RefreshSessionError['code'], message: string): Outcome => ({ refused: appError(code, message) });

/**
 * Rotation: the presented token is spent and the next one of its family issued, carrying
 * the user's current role. A spent token presented again revokes its whole family.
 */
export class RefreshSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
  ) {}

  async execute(input: RefreshSessionInput): Promise<Result<Tokens, RefreshSessionError>> {
    const hash = this.secrets.hash(input.refreshToken);
    // Refusals are committed outcomes, not rollbacks: a detected reuse must leave the family revoked.
    const outcome = await this.uow.run(async (tx): Promise<Result<Outcome, never>> => ok(await this.rotate(tx, hash)));
    if (!outcome.ok) return outcome;
    return 'tokens' in outcome.value ? ok(outcome.value.tokens) : err(outcome.value.refused);
  }

  private async rotate(tx: Transaction, hash: string): Promise<Outcome> {
    const now = this.clock.now();
    const token = await tx.refreshTokens.byHash(hash);
    if (!token) return refused('unauthenticated', 'Unknown refresh token');
    const verdict = judgeRefreshToken(token, now);
    switch (verdict) {
      case 'reused':
        await tx.refreshTokens.revokeFamily(token.familyId, now);
        return refused('token_reused', 'This refresh token was already used; every session of its family is revoked');
      case 'expired':
        return refused('token_expired', 'The refresh token has expired; log in again');
      case 'revoked':
        return refused('unauthenticated', 'The refresh token is no longer valid');
      case 'usable':
        break;
      default:
        return assertNever(verdict);
    }
    const user = await tx.users.byId(token.companyId, token.userId);
    if (!user) return refused('unauthenticated', 'The user no longer exists');
    if (!(await tx.refreshTokens.spend(token.id, now))) {
      // A concurrent rotation spent it first: the same token was presented twice.
      await tx.refreshTokens.revokeFamily(token.familyId, now);
      return refused('token_reused', 'This refresh token was already used; every session of its family is revoked');
    }
    return { tokens: await this.sessions.issue(tx, user, token.familyId) };
  }
}
