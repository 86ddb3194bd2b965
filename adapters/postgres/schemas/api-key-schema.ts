// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const ApiKeySchema = new EntitySchema<{ id: string }>({
  name: 'ApiKeyRow',
  tableName: 'placeholder_api_key',
  properties: { id: { type: 'text', primary: true } },
});
