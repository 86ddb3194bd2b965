// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const InterestSchema = new EntitySchema<{ id: string }>({
  name: 'InterestRow',
  tableName: 'placeholder_interest',
  properties: { id: { type: 'text', primary: true } },
});
