import { EntitySchema } from '@mikro-orm/postgresql';

export interface PasswordResetRow {
  id: string;
  companyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

export const PasswordResetSchema = new EntitySchema<PasswordResetRow>({
  name: 'PasswordResetRow',
  tableName: 'password_resets',
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    userId: { type: 'text' },
    tokenHash: { type: 'text', unique: 'password_resets_hash_unique' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz' },
    usedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
