export interface PasswordHasher {
  /** A memory-hard, salted hash; two calls on one password give different hashes. */
  hash(password: string): Promise<string>;
  /** Whether the password matches the hash; a malformed hash is simply false. */
  verify(password: string, hash: string): Promise<boolean>;
}
