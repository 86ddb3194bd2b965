// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const RefreshTokenSchema = new EntitySchema<{ id: string }>({
  name: 'RefreshTokenRow',
  tableName: 'placeholder_refresh_token',
  properties: { id: { type: 'text', primary: true } },
});
