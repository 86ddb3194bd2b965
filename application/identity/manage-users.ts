import type { Actor } from '../../domain/identity/actor';
import { userRegistered } from '../../domain/identity/identity-events';
import { checkName, checkPassword, normalEmail } from '../../domain/identity/identity-rules';
import { canGrant, type Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { conflict, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PasswordHasher } from '../ports/password-hasher';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { keepsAnOwner, manageableUser } from './user-admin';

export class GetMe {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(actor: Actor): Promise<Result<User, AppError<'not_found'>>> {
    const user = await this.uow.read((r) => r.users.byId(actor.companyId, actor.userId));
    return user ? ok(user) : err(notFound('User'));
  }
}

export class ListUsers {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; page: PageRequest; role?: Role | undefined }): Promise<Result<Page<User>, AppError<'forbidden'>>> {
    const allowed = requireRole(input.actor, 'staff');
    if (!allowed.ok) return allowed;
    return ok(await this.uow.read((r) => r.users.list(input.actor.companyId, input.page, input.role)));
  }
}

/** Staff read anyone of their company; everyone reads themselves. */
export class GetUser {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; id: string }): Promise<Result<User, AppError<'not_found' | 'forbidden'>>> {
    const user = await this.uow.read((r) => r.users.byId(input.actor.companyId, input.id));
    if (!user) return err(notFound('User'));
    if (user.id !== input.actor.userId) {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
    }
    return ok(user);
  }
}

export interface CreateUserInput {
  readonly actor: Actor;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
}
export type CreateUserError = AppError<'forbidden' | 'validation_failed' | 'conflict'>;

export class CreateUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateUserInput): Promise<Result<User, CreateUserError>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    if (!canGrant(input.actor.role, input.role)) return err(forbidden('You may not grant a role above your own'));
    const email = normalEmail(input.email);
    if (!email.ok) return email;
    const password = checkPassword(input.password);
    if (!password.ok) return password;
    const displayName = checkName(input.displayName, 'displayName');
    if (!displayName.ok) return displayName;
    const passwordHash = await this.hasher.hash(password.value);
    return this.uow.run(async (tx): Promise<Result<User, CreateUserError>> => {
      const { companyId } = input.actor;
      if (await tx.users.byEmail(companyId, email.value)) return err(conflict('That email is already registered'));
      const now = this.clock.now();
      const user: User = {
        id: this.ids.next(), companyId, email: email.value, displayName: displayName.value,
        role: input.role, passwordHash, createdAt: now, updatedAt: now,
      };
      await tx.users.save(user);
      await tx.outbox.add(userRegistered(user, { id: this.ids.next(), occurredAt: now }));
      return ok(user);
    });
  }
}

export interface UpdateUserInput {
  readonly actor: Actor;
  readonly id: string;
  readonly displayName?: string | undefined;
  readonly role?: Role | undefined;
  readonly password?: string | undefined;
}
export type UpdateUserError = AppError<'forbidden' | 'not_found' | 'validation_failed' | 'conflict'>;

/** Admins manage users up to their own role; anyone may change their own name and password. */
export class UpdateUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: UpdateUserInput): Promise<Result<User, UpdateUserError>> {
    const displayName = input.displayName === undefined ? null : checkName(input.displayName, 'displayName');
    if (displayName && !displayName.ok) return displayName;
    const password = input.password === undefined ? null : checkPassword(input.password);
    if (password && !password.ok) return password;
    const passwordHash = password ? await this.hasher.hash(password.value) : null;
    return this.uow.run(async (tx): Promise<Result<User, UpdateUserError>> => {
      const { actor } = input;
      const self = input.id === actor.userId;
      const target = self && input.role === undefined
        ? await tx.users.byId(actor.companyId, input.id).then((u) => (u ? ok(u) : err(notFound('User'))))
        : await manageableUser(tx, actor, input.id);
      if (!target.ok) return target;
      const user = target.value;
      if (input.role !== undefined) {
        if (!canGrant(actor.role, input.role)) return err(forbidden('You may not grant a role above your own'));
        const owners = await keepsAnOwner(tx, user, input.role);
        if (!owners.ok) return owners;
      }
      const updated: User = {
        ...user,
        displayName: displayName?.ok ? displayName.value : user.displayName,
        role: input.role ?? user.role,
        passwordHash: passwordHash ?? user.passwordHash,
        updatedAt: this.clock.now(),
      };
      await tx.users.save(updated);
      if (input.role !== undefined && input.role !== user.role) {
        await tx.refreshTokens.revokeAllOfUser(user.companyId, user.id, updated.updatedAt);
      }
      return ok(updated);
    });
  }
}

export class DeleteUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; id: string }): Promise<Result<void, AppError<'forbidden' | 'not_found' | 'conflict'>>> {
    return this.uow.run(async (tx): Promise<Result<void, AppError<'forbidden' | 'not_found' | 'conflict'>>> => {
      const target = await manageableUser(tx, input.actor, input.id);
      if (!target.ok) return target;
      const owners = await keepsAnOwner(tx, target.value, null);
      if (!owners.ok) return owners;
      await tx.refreshTokens.revokeAllOfUser(input.actor.companyId, input.id, this.clock.now());
      await tx.users.remove(input.actor.companyId, input.id);
      return ok(undefined);
    });
  }
}
