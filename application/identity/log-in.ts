import { emailKey, slugKey } from '../../domain/identity/identity-rules';
import type { User } from '../../domain/identity/user';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { PasswordHasher } from '../ports/password-hasher';
import type { RateLimiter } from '../ports/rate-limiter';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export interface LogInInput {
  readonly companySlug: string;
  readonly email: string;
  readonly password: string;
  /** Client address, part of the rate-limit key. */
  readonly ip: string;
}
export interface LogInOutput {
  readonly user: User;
  readonly tokens: Tokens;
}
export type LogInError = AppError<'invalid_credentials' | 'rate_limited'>;

/**
 * Password login. Every attempt counts against (ip, company, email) and a success clears
 * the count; wrong company, unknown email and wrong password give one and the same answer.
 */
export class LogIn {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly limiter: RateLimiter,
  ) {}

  async execute(input: LogInInput): Promise<Result<LogInOutput, LogInError>> {
    const slug = slugKey(input.companySlug);
    const email = emailKey(input.email);
    const key = `${input.ip}|${slug}|${email}`;
    const decision = await this.limiter.consume(key);
    if (!decision.allowed) {
      return err(
        appError('rate_limited', 'Too many login attempts; try again later', { retryAfterSeconds: decision.retryAfterSeconds }),
      );
    }
    const user = await this.uow.read(async (repos) => {
      const company = await repos.companies.bySlug(slug);
      return company ? repos.users.byEmail(company.id, email) : null;
    });
    // Unknown users still cost one hash check, so timing does not reveal which emails exist.
    const valid = await this.hasher.verify(input.password, user?.passwordHash ?? (await this.dummy()));
    if (!user || !valid) return err(appError('invalid_credentials', 'Wrong company, email or password'));
    await this.limiter.reset(key);
    return this.uow.run(async (tx) => ok({ user, tokens: await this.sessions.issue(tx, user) }));
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-real-password');
    return this.dummyHash;
  }
}
