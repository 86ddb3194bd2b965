// Identity and tenancy over HTTP (SPEC §3.1): companies, sessions, password reset, users
// and SDK keys. Handlers only translate; every rule lives in the use cases.
import { z } from 'zod';
import type { ConfirmPasswordReset } from '../../../application/identity/confirm-password-reset';
import type { CreateApiKey } from '../../../application/identity/create-api-key';
import type { CreateUser } from '../../../application/identity/create-user';
import type { DeleteUser } from '../../../application/identity/delete-user';
import type { GetMe } from '../../../application/identity/get-me';
import type { GetUser } from '../../../application/identity/get-user';
import type { ListApiKeys } from '../../../application/identity/list-api-keys';
import type { ListUsers } from '../../../application/identity/list-users';
import type { LogIn } from '../../../application/identity/log-in';
import type { LogOut } from '../../../application/identity/log-out';
import type { RefreshSession } from '../../../application/identity/refresh-session';
import type { RegisterCompany } from '../../../application/identity/register-company';
import type { RequestPasswordReset } from '../../../application/identity/request-password-reset';
import type { RevokeApiKey } from '../../../application/identity/revoke-api-key';
import type { SignUp } from '../../../application/identity/sign-up';
import type { UpdateUser } from '../../../application/identity/update-user';
import { mapPage } from '../../../domain/shared/page';
import { answer, route, type RouteSpec } from '../route';
import { IdParams, PageQuery, pageOf } from '../schemas/common';
import {
  AcceptedOut, ApiKeyOut, CreateApiKeyBody, CreateUserBody, ListUsersQuery, LogInBody, LogOutBody, NewApiKeyOut,
  PasswordResetBody, PasswordResetConfirmBody, RefreshBody, RegisterCompanyBody, RegisteredOut, SessionOut, SignUpBody,
  TokensOut, UpdateUserBody, UserOut, apiKeyOut, companyOut, userOut,
} from '../schemas/identity-schemas';

export interface IdentityUseCases {
  readonly registerCompany: RegisterCompany;
  readonly signUp: SignUp;
  readonly logIn: LogIn;
  readonly refreshSession: RefreshSession;
  readonly logOut: LogOut;
  readonly requestPasswordReset: RequestPasswordReset;
  readonly confirmPasswordReset: ConfirmPasswordReset;
  readonly getMe: GetMe;
  readonly listUsers: ListUsers;
  readonly createUser: CreateUser;
  readonly getUser: GetUser;
  readonly updateUser: UpdateUser;
  readonly deleteUser: DeleteUser;
  readonly createApiKey: CreateApiKey;
  readonly listApiKeys: ListApiKeys;
  readonly revokeApiKey: RevokeApiKey;
}

export function identityRoutes(uc: IdentityUseCases): RouteSpec[] {
  return [...sessionRoutes(uc), ...userRoutes(uc), ...apiKeyRoutes(uc)];
}

function sessionRoutes(uc: IdentityUseCases): RouteSpec[] {
  const tag = 'Identity';
  return [
    route({
      method: 'post', path: '/companies', operationId: 'registerCompany', tag, auth: 'public', summary: 'Register a company and its owner, signed in',
      body: RegisterCompanyBody,
      errors: [409],
      responses: { 201: { description: 'Created', schema: RegisteredOut } },
      handle: async ({ body }) =>
        answer(await uc.registerCompany.execute(body), 201, (v) => ({
          company: companyOut(v.company), user: userOut(v.user), tokens: v.tokens,
        })),
    }),
    route({
      method: 'post', path: '/auth/signup', operationId: 'signUp', tag, auth: 'public', summary: 'Sign up as a customer of a company',
      body: SignUpBody,
      errors: [404, 409],
      responses: { 201: { description: 'Signed up', schema: SessionOut } },
      handle: async ({ body }) => answer(await uc.signUp.execute(body), 201, (v) => ({ user: userOut(v.user), tokens: v.tokens })),
    }),
    route({
      method: 'post', path: '/auth/login', operationId: 'logIn', tag, auth: 'public', summary: 'Log in (rate limited per IP, company and email)',
      body: LogInBody,
      errors: [429],
      responses: { 200: { description: 'Logged in', schema: SessionOut } },
      handle: async ({ body, ip }) =>
        answer(await uc.logIn.execute({ ...body, ip }), 200, (v) => ({ user: userOut(v.user), tokens: v.tokens })),
    }),
    route({
      method: 'post', path: '/auth/refresh', operationId: 'refreshSession', tag, auth: 'public', summary: 'Spend a refresh token for a new pair (rate limited per IP)',
      body: RefreshBody,
      errors: [429],
      responses: { 200: { description: 'New tokens', schema: z.object({ tokens: TokensOut }) } },
      handle: async ({ body, ip }) => answer(await uc.refreshSession.execute({ ...body, ip }), 200, (tokens) => ({ tokens })),
    }),
    route({
      method: 'post', path: '/auth/logout', operationId: 'logOut', tag, auth: 'user',
      summary: "End the given refresh token's session, or without one the session of the access token; its access tokens stop working within a second",
      body: LogOutBody,
      responses: { 204: { description: 'Logged out' } },
      handle: async ({ actor, body }) => answer(await uc.logOut.execute({ actor, refreshToken: body?.refreshToken }), 204),
    }),
    route({
      method: 'post', path: '/auth/password-reset', operationId: 'requestPasswordReset', tag, auth: 'public', summary: 'Mail a single-use reset token (202 unless rate limited per IP or email)',
      body: PasswordResetBody,
      errors: [429],
      responses: { 202: { description: 'Accepted, whether or not the email is registered', schema: AcceptedOut } },
      handle: async ({ body, ip }) => answer(await uc.requestPasswordReset.execute({ ...body, ip }), 202, () => ({ status: 'accepted' })),
    }),
    route({
      method: 'post', path: '/auth/password-reset/confirm', operationId: 'confirmPasswordReset', tag, auth: 'public', summary: 'Set a new password with a reset token',
      body: PasswordResetConfirmBody,
      responses: { 204: { description: 'Password changed; every session of the user revoked' } },
      handle: async ({ body }) => answer(await uc.confirmPasswordReset.execute(body), 204),
    }),
  ];
}

function userRoutes(uc: IdentityUseCases): RouteSpec[] {
  const tag = 'Users';
  return [
    route({
      method: 'get', path: '/users/me', operationId: 'getMe', tag, auth: 'user', summary: 'The caller',
      responses: { 200: { description: 'The caller', schema: UserOut } },
      handle: async ({ actor }) => answer(await uc.getMe.execute({ actor }), 200, userOut),
    }),
    route({
      method: 'get', path: '/users', operationId: 'listUsers', tag, auth: 'user', summary: "List the company's users, oldest first (staff+)",
      query: ListUsersQuery,
      errors: [403],
      responses: { 200: { description: 'A page of users', schema: pageOf(UserOut) } },
      handle: async ({ actor, query }) =>
        answer(
          await uc.listUsers.execute({ actor, page: { limit: query.limit, cursor: query.cursor }, role: query.role }),
          200,
          (page) => mapPage(page, userOut),
        ),
    }),
    route({
      method: 'post', path: '/users', operationId: 'createUser', tag, auth: 'user', summary: 'Add a user with a role up to your own (admin+)',
      body: CreateUserBody,
      errors: [403, 409],
      responses: { 201: { description: 'Created', schema: UserOut } },
      handle: async ({ actor, body }) => answer(await uc.createUser.execute({ actor, ...body }), 201, userOut),
    }),
    route({
      method: 'get', path: '/users/:id', operationId: 'getUser', tag, auth: 'user', summary: 'Read a user (staff+, or yourself)',
      params: IdParams,
      errors: [403],
      responses: { 200: { description: 'The user', schema: UserOut } },
      handle: async ({ actor, params }) => answer(await uc.getUser.execute({ actor, id: params.id }), 200, userOut),
    }),
    route({
      method: 'patch', path: '/users/:id', operationId: 'updateUser', tag, auth: 'user',
      summary: 'Change a user (admin+ up to your own role; yourself: display name and password)',
      params: IdParams, body: UpdateUserBody,
      errors: [403, 409],
      responses: { 200: { description: 'The updated user', schema: UserOut } },
      handle: async ({ actor, params, body }) => answer(await uc.updateUser.execute({ actor, id: params.id, ...body }), 200, userOut),
    }),
    route({
      method: 'delete', path: '/users/:id', operationId: 'deleteUser', tag, auth: 'user', summary: 'Remove a user and end their sessions (admin+)',
      params: IdParams,
      errors: [403, 409],
      responses: { 204: { description: 'Removed' } },
      handle: async ({ actor, params }) => answer(await uc.deleteUser.execute({ actor, id: params.id }), 204),
    }),
  ];
}

function apiKeyRoutes(uc: IdentityUseCases): RouteSpec[] {
  const tag = 'API keys';
  return [
    route({
      method: 'post', path: '/api-keys', operationId: 'createApiKey', tag, auth: 'user', summary: 'Create an SDK key; the secret is shown this once (admin+)',
      body: CreateApiKeyBody,
      errors: [403],
      responses: { 201: { description: 'Created', schema: NewApiKeyOut } },
      handle: async ({ actor, body }) =>
        answer(await uc.createApiKey.execute({ actor, name: body.name }), 201, (v) => ({ ...apiKeyOut(v.key), secret: v.secret })),
    }),
    route({
      method: 'get', path: '/api-keys', operationId: 'listApiKeys', tag, auth: 'user', summary: 'List SDK keys, newest first, without secrets (admin+)',
      errors: [403],
      query: PageQuery,
      responses: { 200: { description: 'A page of keys', schema: pageOf(ApiKeyOut) } },
      handle: async ({ actor, query }) => answer(await uc.listApiKeys.execute({ actor, page: query }), 200, (page) => mapPage(page, apiKeyOut)),
    }),
    route({
      method: 'delete', path: '/api-keys/:id', operationId: 'revokeApiKey', tag, auth: 'user', summary: 'Revoke an SDK key (admin+)',
      params: IdParams,
      errors: [403],
      responses: { 204: { description: 'Revoked' } },
      handle: async ({ actor, params }) => answer(await uc.revokeApiKey.execute({ actor, id: params.id }), 204),
    }),
  ];
}
