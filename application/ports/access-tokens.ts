import type { Actor } from '../../domain/identity/actor';

export type AccessTokenFailure = 'token_expired' | 'unauthenticated';

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** A token's own word, before the store is asked whether its session still lives. */
export type VerifiedAccessToken =
  /** `expiresAt`: the first instant the token is no longer valid (a live socket closes then). */
  | { ok: true; actor: Actor; sessionId: string; expiresAt: Date }
  | { ok: false; reason: AccessTokenFailure };

export interface AccessTokens {
  /** A signed, short-lived access token for the actor, in the session (refresh-token family) `sessionId`. */
  issue(actor: Actor, sessionId: string): IssuedAccessToken;
  /**
   * The actor and session of a valid token; `token_expired` when only its time is up, else
   * `unauthenticated` (a token without a session is not valid).
   */
  verify(token: string): VerifiedAccessToken;
}
