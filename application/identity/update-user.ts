import type { Actor } from '../../domain/identity/actor';
import { checkName, checkPassword } from '../../domain/identity/identity-rules';
import { canGrant, type Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { err, ok, type Result } from '../../domain/shared/result';
import { forbidden, notFound, type AppError } from '../../domain/shared/errors';
import type { Clock } from '../ports/clock';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { keepsAnOwner, manageableUser } from './user-admin';

export interface UpdateUserInput {
  readonly actor: Actor;
  readonly id: string;
  readonly displayName?: string | undefined;
  readonly role?: Role | undefined;
  readonly password?: string | undefined;
}
export type UpdateUserError = AppError<'forbidden' | 'not_found' | 'validation_failed' | 'conflict'>;

/**
 * Admins change users up to their own role; anyone changes their own name and password.
 * A new password ends every session of that user (they sign in again with it).
 */
export class UpdateUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: UpdateUserInput): Promise<Result<User, UpdateUserError>> {
    const displayName = input.displayName === undefined ? undefined : checkName(input.displayName, 'displayName');
    if (displayName && !displayName.ok) return displayName;
    const password = input.password === undefined ? undefined : checkPassword(input.password);
    if (password && !password.ok) return password;
    const passwordHash = password ? await this.hasher.hash(password.value) : undefined;

    return this.uow.run(async (tx): Promise<Result<User, UpdateUserError>> => {
      const target = await this.target(tx, input);
      if (!target.ok) return target;
      const user = target.value;
      const role = input.role !== undefined && input.role !== user.role ? input.role : undefined;
      if (role !== undefined) {
        const allowed = this.mayAssign(input.actor, role);
        if (!allowed.ok) return allowed;
        const owners = await keepsAnOwner(tx, user, role);
        if (!owners.ok) return owners;
      }
      const name = displayName !== undefined && displayName.value !== user.displayName ? displayName.value : undefined;
      if (name === undefined && role === undefined && passwordHash === undefined) return ok(user);
      const updated: User = {
        ...user,
        displayName: name ?? user.displayName,
        role: role ?? user.role,
        passwordHash: passwordHash ?? user.passwordHash,
        updatedAt: this.clock.now(),
      };
      await tx.users.save(updated);
      if (passwordHash !== undefined) await tx.refreshTokens.revokeAllOfUser(user.companyId, user.id, updated.updatedAt);
      return ok(updated);
    });
  }

  /** Oneself needs no role to be read; anyone else must be manageable by the actor. */
  private async target(tx: Transaction, input: UpdateUserInput): Promise<Result<User, AppError<'forbidden' | 'not_found'>>> {
    if (input.id !== input.actor.userId) return manageableUser(tx, input.actor, input.id);
    const self = await tx.users.byId(input.actor.companyId, input.id);
    return self ? ok(self) : err(notFound('User'));
  }

  private mayAssign(actor: Actor, role: Role): Result<void, AppError<'forbidden'>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    return canGrant(actor.role, role) ? ok(undefined) : err(forbidden('You may not grant a role above your own'));
  }
}
