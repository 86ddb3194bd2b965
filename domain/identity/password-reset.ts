/** A single-use, expiring password reset grant; only its hash is stored. */
export interface PasswordReset {
  readonly id: string;
  readonly companyId: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly createdAt: Date;
}
