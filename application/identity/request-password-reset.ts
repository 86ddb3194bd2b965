import { passwordResetRequested } from '../../domain/identity/identity-events';
import { emailKey, slugKey } from '../../domain/identity/identity-rules';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { RateLimiter } from '../ports/rate-limiter';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface RequestPasswordResetInput {
  readonly companySlug: string;
  readonly email: string;
  /** Client address: requests are counted per address as well as per email. */
  readonly ip: string;
}
export type RequestPasswordResetError = AppError<'rate_limited'>;

export interface PasswordResetLimits {
  /** Counts requests per email text, registered or not, so a mailbox cannot be flooded. */
  readonly perEmail: RateLimiter;
  /** Counts requests per client address, so one client cannot walk through many emails. */
  readonly perAddress: RateLimiter;
}

/**
 * Records the request as a `PasswordResetRequested` event and answers at once; the
 * `SendPasswordResetMail` consumer mints the token and mails it. The request does the same
 * work whether or not the email is registered (one company lookup, one outbox row, no user
 * lookup, no token), so neither its answer nor its timing tells which emails exist. An
 * unknown company writes nothing: company slugs are public (sign-up names them).
 */
export class RequestPasswordReset {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly limits: PasswordResetLimits,
  ) {}

  async execute(input: RequestPasswordResetInput): Promise<Result<void, RequestPasswordResetError>> {
    const email = emailKey(input.email);
    const refusal = await this.throttle(input.ip, email);
    if (refusal) return err(refusal);
    return this.uow.run(async (tx): Promise<Result<void, never>> => {
      const company = await tx.companies.bySlug(slugKey(input.companySlug));
      if (company) await tx.outbox.add(passwordResetRequested(company.id, email, { id: this.ids.next(), occurredAt: this.clock.now() }));
      return ok(undefined);
    });
  }

  /** The address is counted first: a client over its allowance spends no email's. */
  private async throttle(ip: string, email: string): Promise<RequestPasswordResetError | null> {
    const byAddress = await this.limits.perAddress.consume(ip);
    const decision = byAddress.allowed ? await this.limits.perEmail.consume(email) : byAddress;
    if (decision.allowed) return null;
    return appError('rate_limited', 'Too many password reset requests; try again later', { retryAfterSeconds: decision.retryAfterSeconds });
  }
}
