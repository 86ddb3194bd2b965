import { EntitySchema } from '@mikro-orm/postgresql';

export interface RefreshTokenRow {
  id: string;
  companyId: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  spentAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const RefreshTokenSchema = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshTokenRow',
  tableName: 'refresh_tokens',
  indexes: [
    { name: 'refresh_tokens_family_idx', properties: ['familyId'] },
    { name: 'refresh_tokens_user_idx', properties: ['companyId', 'userId'] },
  ],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    userId: { type: 'text' },
    familyId: { type: 'text' },
    tokenHash: { type: 'text', unique: 'refresh_tokens_hash_unique' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz' },
    spentAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    revokedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
