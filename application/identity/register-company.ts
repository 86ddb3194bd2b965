import type { Company } from '../../domain/identity/company';
import { companyCreated, userRegistered } from '../../domain/identity/identity-events';
import { checkName, checkPassword, checkSlug, COMPANY_NAME_MAX, normalEmail } from '../../domain/identity/identity-rules';
import { newUser, type User } from '../../domain/identity/user';
import { conflict, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { SessionIssuer, Tokens } from './session-issuer';

export interface RegisterCompanyInput {
  readonly name: string;
  readonly slug: string;
  readonly owner: { readonly email: string; readonly password: string; readonly displayName: string };
}
export interface RegisterCompanyOutput {
  readonly company: Company;
  readonly user: User;
  readonly tokens: Tokens;
}
export type RegisterCompanyError = AppError<'validation_failed' | 'conflict'>;

/** A new tenant and its first owner, signed in. Emits CompanyCreated and UserRegistered. */
export class RegisterCompany {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: RegisterCompanyInput): Promise<Result<RegisterCompanyOutput, RegisterCompanyError>> {
    const name = checkName(input.name, 'name', COMPANY_NAME_MAX);
    if (!name.ok) return name;
    const slug = checkSlug(input.slug);
    if (!slug.ok) return slug;
    const email = normalEmail(input.owner.email, 'owner.email');
    if (!email.ok) return email;
    const password = checkPassword(input.owner.password, 'owner.password');
    if (!password.ok) return password;
    const displayName = checkName(input.owner.displayName, 'owner.displayName');
    if (!displayName.ok) return displayName;
    // Hashing is slow on purpose; it happens before the transaction so no connection waits for it.
    const passwordHash = await this.hasher.hash(password.value);

    return this.uow.run(async (tx): Promise<Result<RegisterCompanyOutput, RegisterCompanyError>> => {
      const now = this.clock.now();
      const company: Company = { id: this.ids.next(), name: name.value, slug: slug.value, createdAt: now };
      if (!(await tx.companies.add(company))) return err(conflict('That slug is taken'));
      const user = newUser(
        { id: this.ids.next(), companyId: company.id, email: email.value, displayName: displayName.value, role: 'owner', passwordHash },
        now,
      );
      await tx.users.add(user);
      await tx.outbox.add(
        companyCreated(company, { id: this.ids.next(), occurredAt: now }),
        userRegistered(user, { id: this.ids.next(), occurredAt: now }),
      );
      return ok({ company, user, tokens: await this.sessions.issue(tx, user) });
    });
  }
}
