import type { RefreshToken } from '../../domain/identity/refresh-token';

export interface RefreshTokenRepository {
  /** The token with that hash, or null. */
  byHash(tokenHash: string): Promise<RefreshToken | null>;
  /** Inserts or replaces by id. */
  save(token: RefreshToken): Promise<void>;
  /** Marks the token spent; false when it already was (a concurrent rotation won the race). */
  spend(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of the family; repeating it changes nothing. */
  revokeFamily(familyId: string, at: Date): Promise<void>;
  /** Revokes every token of the user (password reset, removal). */
  revokeAllOfUser(companyId: string, userId: string, at: Date): Promise<void>;
}
