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

/** Whether the grant may still set a password: never used and not yet expired. */
export const isGrantUsable = (grant: PasswordReset, now: Date): boolean =>
  grant.usedAt === null && grant.expiresAt.getTime() > now.getTime();
