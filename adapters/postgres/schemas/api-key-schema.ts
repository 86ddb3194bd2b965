import { EntitySchema } from '@mikro-orm/postgresql';

export interface ApiKeyRow {
  id: string;
  companyId: string;
  name: string;
  prefix: string;
  secretHash: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export const ApiKeySchema = new EntitySchema<ApiKeyRow>({
  name: 'ApiKeyRow',
  tableName: 'api_keys',
  indexes: [{ name: 'api_keys_company_idx', properties: ['companyId', 'createdAt'] }],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    name: { type: 'text' },
    prefix: { type: 'text' },
    secretHash: { type: 'text', unique: 'api_keys_secret_hash_unique' },
    createdBy: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    revokedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});
