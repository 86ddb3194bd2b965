import type { Actor } from '../../domain/identity/actor';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { AccessTokens } from '../ports/access-tokens';

export type AuthenticateError = AppError<'unauthenticated' | 'token_expired'>;

/** Turns a presented access token into the actor it was issued for. */
export class Authenticate {
  constructor(private readonly tokens: AccessTokens) {}

  execute(accessToken: string): Result<Actor, AuthenticateError> {
    const verified = this.tokens.verify(accessToken);
    if (verified.ok) return ok(verified.actor);
    return verified.reason === 'token_expired'
      ? err(appError('token_expired', 'The access token has expired; refresh it'))
      : err(appError('unauthenticated', 'The access token is not valid'));
  }
}
