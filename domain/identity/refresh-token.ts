/**
 * One refresh token of a session family. Rotation spends it and issues the next one in
 * the same family; presenting a spent one revokes the whole family (SPEC §3.1).
 */
export interface RefreshToken {
  readonly id: string;
  readonly companyId: string;
  readonly userId: string;
  readonly familyId: string;
  /** Hash of the secret handed to the client; the secret itself is never stored. */
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly spentAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}
