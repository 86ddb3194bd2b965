// Rules shared by the user-management use cases (SPEC §3.1): admins manage users up to
// their own role, and a company always keeps an owner.
import type { Actor } from '../../domain/identity/actor';
import { canGrant, type Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { conflict, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Repositories } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

/** The target user when the actor may manage them: admin+, and never someone above their own role. */
export async function manageableUser(
  repos: Repositories,
  actor: Actor,
  userId: string,
): Promise<Result<User, AppError<'not_found' | 'forbidden'>>> {
  const allowed = requireRole(actor, 'admin');
  if (!allowed.ok) return allowed;
  const user = await repos.users.byId(actor.companyId, userId);
  if (!user) return err(notFound('User'));
  if (!canGrant(actor.role, user.role)) return err(forbidden('You may not manage a user above your own role'));
  return ok(user);
}

/** Refuses a change that would leave the company without an owner (`newRole` null: removal). */
export async function keepsAnOwner(
  repos: Repositories,
  user: User,
  newRole: Role | null,
): Promise<Result<void, AppError<'conflict'>>> {
  if (user.role !== 'owner' || newRole === 'owner') return ok(undefined);
  return (await repos.users.countWithRole(user.companyId, 'owner')) > 1
    ? ok(undefined)
    : err(conflict('The last owner cannot be removed or demoted'));
}
