// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const PasswordResetSchema = new EntitySchema<{ id: string }>({
  name: 'PasswordResetRow',
  tableName: 'placeholder_password_reset',
  properties: { id: { type: 'text', primary: true } },
});
