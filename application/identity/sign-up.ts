import { userRegistered } from '../../domain/identity/identity-events';
import { checkName, checkPassword, normalEmail, slugKey } from '../../domain/identity/identity-rules';
import { newUser, type User } from '../../domain/identity/user';
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
export interface SignUpOutput {
  readonly user: User;
  readonly tokens: Tokens;
}
export type SignUpError = AppError<'validation_failed' | 'not_found' | 'conflict'>;

/** A customer joins a company by its slug and is signed in. Emits UserRegistered. */
export class SignUp {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: SignUpInput): Promise<Result<SignUpOutput, SignUpError>> {
    const email = normalEmail(input.email);
    if (!email.ok) return email;
    const password = checkPassword(input.password);
    if (!password.ok) return password;
    const displayName = checkName(input.displayName, 'displayName');
    if (!displayName.ok) return displayName;
    const passwordHash = await this.hasher.hash(password.value);

    return this.uow.run(async (tx): Promise<Result<SignUpOutput, SignUpError>> => {
      const company = await tx.companies.bySlug(slugKey(input.companySlug));
      if (!company) return err(notFound('Company'));
      const now = this.clock.now();
      const user = newUser(
        { id: this.ids.next(), companyId: company.id, email: email.value, displayName: displayName.value, role: 'customer', passwordHash },
        now,
      );
      if (!(await tx.users.add(user))) return err(conflict('That email is already registered'));
      await tx.outbox.add(userRegistered(user, { id: this.ids.next(), occurredAt: now }));
      return ok({ user, tokens: await this.sessions.issue(tx, user) });
    });
  }
}
