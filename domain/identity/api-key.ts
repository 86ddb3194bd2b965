/** An SDK ingestion key; the secret is shown once and stored hashed. */
export interface ApiKey {
  readonly id: string;
  readonly companyId: string;
  readonly name: string;
  /** The first characters of the secret, shown in lists so people can tell keys apart. */
  readonly prefix: string;
  readonly secretHash: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}
