import type { Actor } from '../../domain/identity/actor';
import { userRegistered } from '../../domain/identity/identity-events';
import { checkName, checkPassword, normalEmail } from '../../domain/identity/identity-rules';
import { canGrant, type Role } from '../../domain/identity/role';
import { newUser, type User } from '../../domain/identity/user';
import { conflict, forbidden, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface CreateUserInput {
  readonly actor: Actor;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
}
export type CreateUserError = AppError<'forbidden' | 'validation_failed' | 'conflict'>;

/** An admin adds a user of any role up to their own. Emits UserRegistered. */
export class CreateUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateUserInput): Promise<Result<User, CreateUserError>> {
    const { actor } = input;
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    if (!canGrant(actor.role, input.role)) return err(forbidden('You may not grant a role above your own'));
    const email = normalEmail(input.email);
    if (!email.ok) return email;
    const password = checkPassword(input.password);
    if (!password.ok) return password;
    const displayName = checkName(input.displayName, 'displayName');
    if (!displayName.ok) return displayName;
    const passwordHash = await this.hasher.hash(password.value);

    return this.uow.run(async (tx): Promise<Result<User, CreateUserError>> => {
      const now = this.clock.now();
      const user = newUser(
        { id: this.ids.next(), companyId: actor.companyId, email: email.value, displayName: displayName.value, role: input.role, passwordHash },
        now,
      );
      if (!(await tx.users.add(user))) return err(conflict('That email is already registered'));
      await tx.outbox.add(userRegistered(user, { id: this.ids.next(), occurredAt: now }));
      return ok(user);
    });
  }
}
