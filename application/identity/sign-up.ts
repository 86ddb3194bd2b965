import { userRegistered } from '../../domain/identity/identity-events';
import { checkName, checkPassword, normalEmail } from '../../domain/identity/identity-rules';
import type { User } from '../../domain/identity/user';
import { conflict, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export interface SignUpInput {
  readonly companySlug: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}
export type SignUpError = AppError<'validation_failed' | 'not_found' | 'conflict'>;

/** A customer joins a company by its slug. */
export class SignUp {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: SignUpInput): Promise<Result<{ user: User; tokens: Tokens }, SignUpError>> {
    const email = normalEmail(input.email);
    if (!email.ok) return email;
    const password = checkPassword(input.password);
    if (!password.ok) return password;
    const displayName = checkName(input.displayName, 'displayName');
    if (!displayName.ok) return displayName;
    const passwordHash = await this.hasher.hash(password.value);

    return this.uow.run(async (tx): Promise<Result<{ user: User; tokens: Tokens }, SignUpError>> => {
      const company = await tx.companies.bySlug(input.companySlug.trim());
      if (!company) return err(notFound('Company'));
      if (await tx.users.byEmail(company.id, email.value)) return err(conflict('That email is already registered'));
      const now = this.clock.now();
      const user: User = {
        id: this.ids.next(),
        companyId: company.id,
        email: email.value,
        displayName: displayName.value,
        role: 'customer',
        passwordHash,
        createdAt: now,
        updatedAt: now,
      };
      await tx.users.save(user);
      await tx.outbox.add(userRegistered(user, { id: this.ids.next(), occurredAt: now }));
      return ok({ user, tokens: await this.sessions.issue(tx, user) });
    });
  }
}
