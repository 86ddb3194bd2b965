// Request and response shapes of the identity routes (SPEC §3.1). Input limits mirror the
// domain rules, which still check shape (slug pattern, email form) and name the field.
import { z } from 'zod';
import type { ApiKey } from '../../../domain/identity/api-key';
import type { Company } from '../../../domain/identity/company';
import {
  COMPANY_NAME_MAX, DISPLAY_NAME_MAX, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, SLUG_MAX,
} from '../../../domain/identity/identity-rules';
import { ROLES } from '../../../domain/identity/role';
import type { User } from '../../../domain/identity/user';
import { iso, PageQuery } from './common';

const Email = z.string().min(3).max(EMAIL_MAX);
const Password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
const DisplayName = z.string().min(1).max(DISPLAY_NAME_MAX);
const Slug = z.string().min(1).max(SLUG_MAX);
const OpaqueToken = z.string().min(1).max(512);
const RoleSchema = z.enum(ROLES);

export const RegisterCompanyBody = z.strictObject({
  name: z.string().min(1).max(COMPANY_NAME_MAX),
  slug: Slug,
  owner: z.strictObject({ email: Email, password: Password, displayName: DisplayName }),
}).meta({ id: 'CompanyRegistration' });

export const SignUpBody = z.strictObject({ companySlug: Slug, email: Email, password: Password, displayName: DisplayName }).meta({ id: 'SignUp' });

// Any password length is accepted here: a wrong one is `invalid_credentials`, not a hint.
export const LogInBody = z.strictObject({ companySlug: Slug, email: Email, password: z.string().min(1).max(PASSWORD_MAX) }).meta({ id: 'Credentials' });

export const RefreshBody = z.strictObject({ refreshToken: OpaqueToken }).meta({ id: 'RefreshRequest' });
export const LogOutBody = z.strictObject({ refreshToken: OpaqueToken.optional() }).meta({ id: 'LogOutRequest' }).optional();
export const PasswordResetBody = z.strictObject({ companySlug: Slug, email: Email }).meta({ id: 'PasswordResetRequest' });
export const PasswordResetConfirmBody = z.strictObject({ token: OpaqueToken, newPassword: Password }).meta({ id: 'PasswordResetConfirmation' });

export const CreateUserBody = z.strictObject({ email: Email, password: Password, displayName: DisplayName, role: RoleSchema }).meta({ id: 'NewUser' });
export const UpdateUserBody = z.strictObject({
  displayName: DisplayName.optional(),
  role: RoleSchema.optional(),
  password: Password.optional(),
}).meta({ id: 'UserPatch' });
export const ListUsersQuery = PageQuery.extend({ role: RoleSchema.optional() });
export const CreateApiKeyBody = z.strictObject({ name: z.string().min(1).max(DISPLAY_NAME_MAX) }).meta({ id: 'NewApiKey' });

export const TokensOut = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
}).meta({ id: 'Tokens' });
export const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'User' });
export const CompanyOut = z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() }).meta({ id: 'Company' });
export const SessionOut = z.object({ user: UserOut, tokens: TokensOut }).meta({ id: 'Session' });
export const RegisteredOut = SessionOut.extend({ company: CompanyOut }).meta({ id: 'Registration' });
export const ApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).meta({ id: 'ApiKey' });
export const NewApiKeyOut = ApiKeyOut.extend({ secret: z.string() }).meta({ id: 'CreatedApiKey' });
export const AcceptedOut = z.object({ status: z.literal('accepted') }).meta({ id: 'Accepted' });

export const userOut = (u: User): z.infer<typeof UserOut> => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: iso(u.createdAt),
  updatedAt: iso(u.updatedAt),
});

export const companyOut = (c: Company): z.infer<typeof CompanyOut> => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  createdAt: iso(c.createdAt),
});

export const apiKeyOut = (k: ApiKey): z.infer<typeof ApiKeyOut> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: iso(k.createdAt),
  revokedAt: k.revokedAt ? iso(k.revokedAt) : null,
});
