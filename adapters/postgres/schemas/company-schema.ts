// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const CompanySchema = new EntitySchema<{ id: string }>({
  name: 'CompanyRow',
  tableName: 'placeholder_company',
  properties: { id: { type: 'text', primary: true } },
});
