/** Opaque random secrets (refresh tokens, reset tokens, API keys) and their storage hash. */
export interface Secrets {
  /** A new unguessable URL-safe secret. */
  generate(): string;
  /** A deterministic hash for lookup; the secret cannot be recovered from it. */
  hash(secret: string): string;
  /**
   * A URL-safe secret computed from `secret` for `purpose` under the server's key: the same
   * pair always gives the same result (on every replica), a different secret or purpose a
   * different one, and nobody without the key can compute it or recover `secret` from it.
   */
  derive(secret: string, purpose: string): string;
}
