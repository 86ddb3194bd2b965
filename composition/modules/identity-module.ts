// Wiring of the identity module: every use case bound under its own class, settings
// passed in as plain values from Config, and the module's HTTP routes.
import { ContainerModule, type Container } from 'inversify';
import { Authenticate } from '../../application/identity/authenticate';
import { AuthenticateApiKey } from '../../application/identity/authenticate-api-key';
import { ConfirmPasswordReset } from '../../application/identity/confirm-password-reset';
import { CreateApiKey } from '../../application/identity/create-api-key';
import { CreateUser } from '../../application/identity/create-user';
import { DeleteUser } from '../../application/identity/delete-user';
import { GetMe } from '../../application/identity/get-me';
import { GetUser } from '../../application/identity/get-user';
import { ListApiKeys } from '../../application/identity/list-api-keys';
import { ListUsers } from '../../application/identity/list-users';
import { LogIn } from '../../application/identity/log-in';
import { LogOut } from '../../application/identity/log-out';
import { RefreshSession } from '../../application/identity/refresh-session';
import { RegisterCompany } from '../../application/identity/register-company';
import { RequestPasswordReset } from '../../application/identity/request-password-reset';
import { RevokeApiKey } from '../../application/identity/revoke-api-key';
import { SendPasswordResetMail } from '../../application/identity/send-password-reset-mail';
import { SessionIssuer } from '../../application/identity/session-issuer';
import { SignUp } from '../../application/identity/sign-up';
import { UpdateUser } from '../../application/identity/update-user';
import type { AccessTokens } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { Mailer } from '../../application/ports/mailer';
import type { PasswordHasher } from '../../application/ports/password-hasher';
import type { RateLimiter } from '../../application/ports/rate-limiter';
import type { ReplicaBroadcast } from '../../application/ports/replica-broadcast';
import type { Secrets } from '../../application/ports/secrets';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { identityRoutes } from '../../adapters/http/routes/identity-routes';
import type { RouteSpec } from '../../adapters/http/route';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

const { UnitOfWork: UOW, PasswordHasher: HASHER, Secrets: SECRETS, Ids: IDS, Clock: CLOCK, Config: CONFIG } = TOKENS;

export const identityModule = new ContainerModule(({ bind }) => {
  bind(SessionIssuer).toResolvedValue(
    (tokens: AccessTokens, secrets: Secrets, ids: IdGenerator, clock: Clock, config: Config) =>
      new SessionIssuer(tokens, secrets, ids, clock, config.REFRESH_TOKEN_TTL_DAYS),
    [TOKENS.AccessTokens, SECRETS, IDS, CLOCK, CONFIG],
  );
  bind(RegisterCompany).toResolvedValue(
    (uow: UnitOfWork, hasher: PasswordHasher, sessions: SessionIssuer, ids: IdGenerator, clock: Clock) =>
      new RegisterCompany(uow, hasher, sessions, ids, clock),
    [UOW, HASHER, SessionIssuer, IDS, CLOCK],
  );
  bind(SignUp).toResolvedValue(
    (uow: UnitOfWork, hasher: PasswordHasher, sessions: SessionIssuer, ids: IdGenerator, clock: Clock) =>
      new SignUp(uow, hasher, sessions, ids, clock),
    [UOW, HASHER, SessionIssuer, IDS, CLOCK],
  );
  bind(LogIn).toResolvedValue(
    (uow: UnitOfWork, hasher: PasswordHasher, sessions: SessionIssuer, limiter: RateLimiter) =>
      new LogIn(uow, hasher, sessions, limiter),
    [UOW, HASHER, SessionIssuer, TOKENS.LoginRateLimiter],
  );
  bind(RefreshSession).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets, sessions: SessionIssuer, clock: Clock, limiter: RateLimiter, config: Config) =>
      new RefreshSession(uow, secrets, sessions, clock, limiter, { reuseLeewaySeconds: config.REFRESH_REUSE_LEEWAY_SECONDS }),
    [UOW, SECRETS, SessionIssuer, CLOCK, TOKENS.RefreshRateLimiter, CONFIG],
  );
  bind(LogOut).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets, clock: Clock) => new LogOut(uow, secrets, clock),
    [UOW, SECRETS, CLOCK],
  );
  bind(RequestPasswordReset).toResolvedValue(
    (uow: UnitOfWork, ids: IdGenerator, clock: Clock, perEmail: RateLimiter, perAddress: RateLimiter) =>
      new RequestPasswordReset(uow, ids, clock, { perEmail, perAddress }),
    [UOW, IDS, CLOCK, TOKENS.PasswordResetEmailRateLimiter, TOKENS.PasswordResetAddressRateLimiter],
  );
  bind(SendPasswordResetMail).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets, mailer: Mailer, ids: IdGenerator, clock: Clock, config: Config) =>
      new SendPasswordResetMail(uow, secrets, mailer, ids, clock, { ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES, publicUrl: config.PUBLIC_URL }),
    [UOW, SECRETS, TOKENS.Mailer, IDS, CLOCK, CONFIG],
  );
  bind(ConfirmPasswordReset).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets, hasher: PasswordHasher, clock: Clock) => new ConfirmPasswordReset(uow, secrets, hasher, clock),
    [UOW, SECRETS, HASHER, CLOCK],
  );
  bind(GetMe).toResolvedValue((uow: UnitOfWork) => new GetMe(uow), [UOW]);
  bind(ListUsers).toResolvedValue((uow: UnitOfWork) => new ListUsers(uow), [UOW]);
  bind(GetUser).toResolvedValue((uow: UnitOfWork) => new GetUser(uow), [UOW]);
  bind(CreateUser).toResolvedValue(
    (uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock) => new CreateUser(uow, hasher, ids, clock),
    [UOW, HASHER, IDS, CLOCK],
  );
  bind(UpdateUser).toResolvedValue(
    (uow: UnitOfWork, hasher: PasswordHasher, clock: Clock) => new UpdateUser(uow, hasher, clock),
    [UOW, HASHER, CLOCK],
  );
  bind(DeleteUser).toResolvedValue((uow: UnitOfWork, clock: Clock) => new DeleteUser(uow, clock), [UOW, CLOCK]);
  bind(CreateApiKey).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets, ids: IdGenerator, clock: Clock) => new CreateApiKey(uow, secrets, ids, clock),
    [UOW, SECRETS, IDS, CLOCK],
  );
  bind(ListApiKeys).toResolvedValue((uow: UnitOfWork) => new ListApiKeys(uow), [UOW]);
  bind(RevokeApiKey).toResolvedValue((uow: UnitOfWork, clock: Clock) => new RevokeApiKey(uow, clock), [UOW, CLOCK]);
  // One per process: it keeps the recent session checks every request of this replica shares.
  bind(Authenticate).toResolvedValue(
    (tokens: AccessTokens, uow: UnitOfWork, clock: Clock, config: Config, broadcast: ReplicaBroadcast) =>
      new Authenticate(tokens, uow, clock, { checkEveryMs: config.SESSION_CHECK_MS }, broadcast),
    [TOKENS.AccessTokens, UOW, CLOCK, CONFIG, TOKENS.ReplicaBroadcast],
  ).inSingletonScope();
  bind(AuthenticateApiKey).toResolvedValue(
    (uow: UnitOfWork, secrets: Secrets) => new AuthenticateApiKey(uow, secrets),
    [UOW, SECRETS],
  );
});

export function identityHttp(container: Container): RouteSpec[] {
  return identityRoutes({
    registerCompany: container.get(RegisterCompany),
    signUp: container.get(SignUp),
    logIn: container.get(LogIn),
    refreshSession: container.get(RefreshSession),
    logOut: container.get(LogOut),
    requestPasswordReset: container.get(RequestPasswordReset),
    confirmPasswordReset: container.get(ConfirmPasswordReset),
    getMe: container.get(GetMe),
    listUsers: container.get(ListUsers),
    createUser: container.get(CreateUser),
    getUser: container.get(GetUser),
    updateUser: container.get(UpdateUser),
    deleteUser: container.get(DeleteUser),
    createApiKey: container.get(CreateApiKey),
    listApiKeys: container.get(ListApiKeys),
    revokeApiKey: container.get(RevokeApiKey),
  });
}
