import { EntitySchema } from '@mikro-orm/postgresql';

export interface CompanyRow {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

export const CompanySchema = new EntitySchema<CompanyRow>({
  name: 'CompanyRow',
  tableName: 'companies',
  properties: {
    id: { type: 'text', primary: true },
    name: { type: 'text' },
    slug: { type: 'text', unique: 'companies_slug_unique' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
