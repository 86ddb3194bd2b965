/** Opaque random secrets (refresh tokens, reset tokens, API keys) and their storage hash. */
export interface Secrets {
  /** A new unguessable URL-safe secret. */
  generate(): string;
  /** A deterministic hash for lookup; the secret cannot be recovered from it. */
  hash(secret: string): string;
}
