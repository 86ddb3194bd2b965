// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const UserSchema = new EntitySchema<{ id: string }>({
  name: 'UserRow',
  tableName: 'placeholder_user',
  properties: { id: { type: 'text', primary: true } },
});
