import type { Role } from '../../domain/identity/role';

/** What a live session lets its access tokens do now: the user's current role. */
export interface SessionState {
  readonly role: Role;
}

/**
 * The store's word on a session (a refresh-token family): the access tokens of a session stop
 * working when it is no longer live, whatever their own expiry says (SPEC §3.1).
 */
export interface SessionStates {
  /**
   * The state of that user's session, or null when it has ended: the user is gone (or in
   * another company), the family is unknown or belongs to someone else, or any token of it was
   * revoked (logout, password reset, reuse). Reads only; repeating it changes nothing.
   */
  current(companyId: string, userId: string, sessionId: string): Promise<SessionState | null>;
}
