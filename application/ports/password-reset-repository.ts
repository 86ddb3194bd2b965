import type { PasswordReset } from '../../domain/identity/password-reset';

export interface PasswordResetRepository {
  /** The grant with that hash, or null. */
  byHash(tokenHash: string): Promise<PasswordReset | null>;
  /** Inserts or replaces by id. */
  save(reset: PasswordReset): Promise<void>;
}
