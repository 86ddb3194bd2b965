import type { PasswordReset } from '../../domain/identity/password-reset';

export interface PasswordResetRepository {
  /** The grant with that hash, used or not, or null. */
  byHash(tokenHash: string): Promise<PasswordReset | null>;
  /** Inserts or replaces by id. */
  save(reset: PasswordReset): Promise<void>;
  /** Marks the grant used; false when it already was (a concurrent confirmation won) or is missing. */
  markUsed(id: string, at: Date): Promise<boolean>;
}
