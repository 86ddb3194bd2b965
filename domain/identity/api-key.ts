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

/** Marks our keys, so secret scanners and people recognise a leaked one. */
export const API_KEY_MARK = 'cgk_';

/** The part of a secret kept in clear for lists: the mark and 6 characters, far too few to guess the rest. */
export const apiKeyPrefix = (secret: string): string => secret.slice(0, API_KEY_MARK.length + 6);
