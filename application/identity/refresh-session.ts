import { judgeRefreshToken } from '../../domain/identity/session';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export type RefreshSessionError = AppError<'unauthenticated' | 'token_expired' | 'token_reused'>;

/** Rotation: the presented token is spent and the next one of its family issued. */
export class RefreshSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string): Promise<Result<Tokens, RefreshSessionError>> {
    const hash = this.secrets.hash(refreshToken);
    const now = this.clock.now();
    const reused = await this.uow.run(async (tx): Promise<Result<boolean, never>> => {
      const token = await tx.refreshTokens.byHash(hash);
      if (token && judgeRefreshToken(token, now) === 'reused') {
        await tx.refreshTokens.revokeFamily(token.familyId, now);
        return ok(true);
      }
      return ok(false);
    });
    if (reused.ok && reused.value) {
      return err(appError('token_reused', 'This refresh token was already used; every session of its family is revoked'));
    }
    return this.uow.run(async (tx): Promise<Result<Tokens, RefreshSessionError>> => {
      const token = await tx.refreshTokens.byHash(hash);
      if (!token) return err(appError('unauthenticated', 'Unknown refresh token'));
      const verdict = judgeRefreshToken(token, now);
      if (verdict === 'expired') return err(appError('token_expired', 'The refresh token has expired; log in again'));
      if (verdict !== 'usable') return err(appError('unauthenticated', 'The refresh token is no longer valid'));
      const user = await tx.users.byId(token.companyId, token.userId);
      if (!user) return err(appError('unauthenticated', 'The user no longer exists'));
      if (!(await tx.refreshTokens.spend(token.id, now))) {
        return err(appError('token_reused', 'This refresh token was already used'));
      }
      return ok(await this.sessions.issue(tx, user, token.familyId));
    });
  }
}
