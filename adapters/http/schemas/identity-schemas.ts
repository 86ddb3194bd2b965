import { z } from 'zod';
import type { ApiKey } from '../../../domain/identity/api-key';
import type { Company } from '../../../domain/identity/company';
import { ROLES } from '../../../domain/identity/role';
import type { User } from '../../../domain/identity/user';
import { iso } from './common';

const Email = z.string().min(3).max(254);
const Password = z.string().min(8).max(128);
const DisplayName = z.string().min(1).max(100);
const RoleSchema = z.enum(ROLES);

export const RegisterCompanyBody = z.strictObject({
  name: z.string().min(1).max(200),
  slug: z.string().min(3).max(60),
  owner: z.strictObject({ email: Email, password: Password, displayName: DisplayName }),
});

export const SignUpBody = z.strictObject({
  companySlug: z.string().min(1).max(60),
  email: Email,
  password: Password,
  displayName: DisplayName,
});

export const LogInBody = z.strictObject({
  companySlug: z.string().min(1).max(60),
  email: Email,
  password: z.string().min(1).max(128),
});

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export const LogOutBody = z.strictObject({ refreshToken: z.string().min(1).max(512).optional() }).optional();
export const PasswordResetBody = z.strictObject({ companySlug: z.string().min(1).max(60), email: Email });
export const PasswordResetConfirmBody = z.strictObject({ token: z.string().min(1).max(512), newPassword: Password });

export const CreateUserBody = z.strictObject({ email: Email, password: Password, displayName: DisplayName, role: RoleSchema });
export const UpdateUserBody = z.strictObject({
  displayName: DisplayName.optional(),
  role: RoleSchema.optional(),
  password: Password.optional(),
});
export const ListUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).optional(),
  role: RoleSchema.optional(),
});
export const CreateApiKeyBody = z.strictObject({ name: z.string().min(1).max(100) });

export const TokensOut = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number() });
export const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const CompanyOut = z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() });
export const SessionOut = z.object({ user: UserOut, tokens: TokensOut });
export const ApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const NewApiKeyOut = ApiKeyOut.extend({ secret: z.string() });

export const userOut = (u: User): z.infer<typeof UserOut> => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: iso(u.createdAt),
  updatedAt: iso(u.updatedAt),
});

export const companyOut = (c: Company): z.infer<typeof CompanyOut> => ({ id: c.id, name: c.name, slug: c.slug, createdAt: iso(c.createdAt) });

export const apiKeyOut = (k: ApiKey): z.infer<typeof ApiKeyOut> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: iso(k.createdAt),
  revokedAt: k.revokedAt ? iso(k.revokedAt) : null,
});
