import { EntitySchema } from '@mikro-orm/postgresql';
import type { Role } from '../../../domain/identity/role';

export interface UserRow {
  id: string;
  companyId: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = new EntitySchema<UserRow>({
  name: 'UserRow',
  tableName: 'users',
  uniques: [{ name: 'users_company_email_unique', properties: ['companyId', 'email'] }],
  indexes: [{ name: 'users_company_created_idx', properties: ['companyId', 'createdAt', 'id'] }],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    email: { type: 'text' },
    displayName: { type: 'text' },
    role: { type: 'text' },
    passwordHash: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
