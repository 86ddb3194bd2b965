// A memory-backed identity module for use-case tests: every use case wired to memory
// adapters, a pinned clock, readable ids, cheap scrypt, mail kept in memory.
import { expect } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryMailer } from '../../../adapters/memory/in-memory-mailer';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import { CryptoSecrets } from '../../../adapters/security/crypto-secrets';
import { JwtAccessTokens } from '../../../adapters/security/jwt-access-tokens';
import { MemoryRateLimiter } from '../../../adapters/security/memory-rate-limiter';
import { ScryptPasswordHasher } from '../../../adapters/security/scrypt-password-hasher';
import { AuthenticateApiKey } from '../../../application/identity/authenticate-api-key';
import { ConfirmPasswordReset } from '../../../application/identity/confirm-password-reset';
import { CreateApiKey } from '../../../application/identity/create-api-key';
import { CreateUser } from '../../../application/identity/create-user';
import { DeleteUser } from '../../../application/identity/delete-user';
import { GetMe } from '../../../application/identity/get-me';
import { GetUser } from '../../../application/identity/get-user';
import { ListApiKeys } from '../../../application/identity/list-api-keys';
import { ListUsers } from '../../../application/identity/list-users';
import { LogIn } from '../../../application/identity/log-in';
import { LogOut } from '../../../application/identity/log-out';
import { RefreshSession } from '../../../application/identity/refresh-session';
import { RegisterCompany } from '../../../application/identity/register-company';
import { RequestPasswordReset } from '../../../application/identity/request-password-reset';
import { RevokeApiKey } from '../../../application/identity/revoke-api-key';
import { SendPasswordResetMail } from '../../../application/identity/send-password-reset-mail';
import { SessionIssuer, type Tokens } from '../../../application/identity/session-issuer';
import { SignUp } from '../../../application/identity/sign-up';
import { UpdateUser } from '../../../application/identity/update-user';
import type { IdGenerator } from '../../../application/ports/id-generator';
import type { Mailer } from '../../../application/ports/mailer';
import type { Actor } from '../../../domain/identity/actor';
import type { Role } from '../../../domain/identity/role';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { ErrorCode } from '../../../domain/shared/errors';
import type { Result } from '../../../domain/shared/result';

export const PASSWORD = 'correct horse battery';
export const RESET_TTL_MINUTES = 30;
export const REFRESH_TTL_DAYS = 30;
export const REFRESH_LEEWAY_SECONDS = 10;

export interface WorldOptions {
  readonly loginAttempts?: number;
  /** Seconds a spent refresh token still answers with its successor (default REFRESH_LEEWAY_SECONDS). */
  readonly refreshLeewaySeconds?: number;
  /** Refreshes allowed per address and minute (default: plenty). */
  readonly refreshesPerAddress?: number;
  /** Reset requests allowed per email and per address in 15 minutes (default: plenty). */
  readonly resetsPerEmail?: number;
  readonly resetsPerAddress?: number;
  /** Replaces the in-memory mailer (e.g. one that fails). */
  readonly mailer?: Mailer;
}

export function identityWorld(options: WorldOptions = {}) {
  const store = new MemoryStore();
  const uow = new InMemoryUnitOfWork(store);
  const outbox = new InMemoryOutbox(store);
  const clock = new FixedClock(new Date('2026-04-01T09:00:00Z'));
  let n = 0;
  const ids: IdGenerator = { next: () => `id-${String(++n).padStart(6, '0')}` };
  const secrets = new CryptoSecrets('s'.repeat(40));
  const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  const accessTokens = new JwtAccessTokens({ secret: 'k'.repeat(40), issuer: 'cg', audience: 'cg-api', ttlSeconds: 900 }, clock);
  const mailbox = new InMemoryMailer();
  const mailer = options.mailer ?? mailbox;
  const limiter = new MemoryRateLimiter({ points: options.loginAttempts ?? 5, durationSeconds: 900 });
  const sessions = new SessionIssuer(accessTokens, secrets, ids, clock, REFRESH_TTL_DAYS);

  const uc = {
    registerCompany: new RegisterCompany(uow, hasher, sessions, ids, clock),
    signUp: new SignUp(uow, hasher, sessions, ids, clock),
    logIn: new LogIn(uow, hasher, sessions, limiter),
    refreshSession: new RefreshSession(
      uow, secrets, sessions, clock,
      new MemoryRateLimiter({ points: options.refreshesPerAddress ?? 10_000, durationSeconds: 60 }),
      { reuseLeewaySeconds: options.refreshLeewaySeconds ?? REFRESH_LEEWAY_SECONDS },
    ),
    logOut: new LogOut(uow, secrets, clock),
    requestPasswordReset: new RequestPasswordReset(uow, ids, clock, {
      perEmail: new MemoryRateLimiter({ points: options.resetsPerEmail ?? 10_000, durationSeconds: 900 }),
      perAddress: new MemoryRateLimiter({ points: options.resetsPerAddress ?? 10_000, durationSeconds: 900 }),
    }),
    sendPasswordResetMail: new SendPasswordResetMail(uow, secrets, mailer, ids, clock, { ttlMinutes: RESET_TTL_MINUTES, publicUrl: 'https://shop.example/' }),
    confirmPasswordReset: new ConfirmPasswordReset(uow, secrets, hasher, clock),
    getMe: new GetMe(uow),
    listUsers: new ListUsers(uow),
    getUser: new GetUser(uow),
    createUser: new CreateUser(uow, hasher, ids, clock),
    updateUser: new UpdateUser(uow, hasher, clock),
    deleteUser: new DeleteUser(uow, clock),
    createApiKey: new CreateApiKey(uow, secrets, ids, clock),
    listApiKeys: new ListApiKeys(uow),
    revokeApiKey: new RevokeApiKey(uow, clock),
    authenticateApiKey: new AuthenticateApiKey(uow, secrets),
  };

  let companies = 0;
  /** A registered company; its owner is the returned actor. */
  const company = async (slug = `shop-${++companies}`) => {
    const registered = value(
      await uc.registerCompany.execute({
        name: `Shop ${slug}`, slug, owner: { email: `owner@${slug}.test`, password: PASSWORD, displayName: 'Owner' },
      }),
    );
    const owner: Actor = { userId: registered.user.id, companyId: registered.company.id, role: 'owner' };
    return { ...registered, slug, owner };
  };

  let members = 0;
  /** A user of `role` added by the company's owner. */
  const member = async (owner: Actor, role: Role, email = `${role}-${++members}@member.test`): Promise<Actor & { email: string }> => {
    const user = value(await uc.createUser.execute({ actor: owner, email, password: PASSWORD, displayName: role, role }));
    return { userId: user.id, companyId: user.companyId, role, email };
  };

  /** Hands every `PasswordResetRequested` written so far to the mail consumer, as the bus would (again for those already handed). */
  const deliverResetRequests = async (): Promise<void> => {
    const requests = (await outbox.pending(10_000)).map((r) => r.event).filter((e) => e.type === 'PasswordResetRequested');
    for (const event of requests) {
      const { email } = event.payload as { email: string };
      await uc.sendPasswordResetMail.execute({ eventId: event.id, companyId: event.companyId, email });
    }
  };

  return {
    store, uow, clock, ids, secrets, hasher, accessTokens, mailbox, limiter, uc, company, member,
    /** The actor an access token stands for (throws when it is not valid). */
    actorOf: (tokens: Tokens): Actor => {
      const verified = accessTokens.verify(tokens.accessToken);
      if (!verified.ok) throw new Error(`token refused: ${verified.reason}`);
      return verified.actor;
    },
    /** The raw reset token of the newest reset mail to `email`. */
    resetTokenFor: (email: string): string => {
      const token = /reset token: (\S+)/.exec(mailbox.lastTo(email)?.text ?? '')?.[1];
      if (!token) throw new Error(`no reset mail to ${email}`);
      return token;
    },
    /** Every event written so far, in write order. */
    events: async (type?: string): Promise<DomainEvent[]> =>
      (await outbox.pending(10_000)).map((r) => r.event).filter((e) => !type || e.type === type),
    logIn: (slug: string, email: string, password = PASSWORD, ip = '10.0.0.1') =>
      uc.logIn.execute({ companySlug: slug, email, password, ip }),
    refresh: (refreshToken: string, ip = '10.0.0.1') => uc.refreshSession.execute({ refreshToken, ip }),
    deliverResetRequests,
    /** Asks for a reset of `email` and lets the consumer answer it. */
    requestReset: async (slug: string, email: string, ip = '10.0.0.1') => {
      const answer = await uc.requestPasswordReset.execute({ companySlug: slug, email, ip });
      await deliverResetRequests();
      return answer;
    },
  };
}

export type IdentityWorld = ReturnType<typeof identityWorld>;

/** The value of an ok result; fails the test with the error otherwise. */
export function value<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a failed result, checked to carry `code`. */
export function failure<T, E extends { code: ErrorCode }>(result: Result<T, E>, code: ErrorCode): E {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.error.code).toBe(code);
  return result.error;
}
