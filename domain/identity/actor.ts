import type { Role } from './role';

/** Who is calling: always taken from a verified credential, never from a body. */
export interface Actor {
  readonly userId: string;
  readonly companyId: string;
  readonly role: Role;
}

/**
 * An actor authenticated by an access token, with the session (refresh-token family) the token
 * belongs to: logging out without a refresh token ends that session.
 */
export interface SessionActor extends Actor {
  readonly sessionId: string;
}
