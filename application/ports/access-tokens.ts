import type { Actor } from '../../domain/identity/actor';

export type AccessTokenFailure = 'token_expired' | 'unauthenticated';

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

export interface AccessTokens {
  /** A signed, short-lived access token for the actor. */
  issue(actor: Actor): IssuedAccessToken;
  /** The actor of a valid token; `token_expired` when only its time is up, else `unauthenticated`. */
  verify(token: string): { ok: true; actor: Actor } | { ok: false; reason: AccessTokenFailure };
}
