import type { Actor } from '../../domain/identity/actor';
import type { Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import type { AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface ListUsersInput {
  readonly actor: Actor;
  readonly page: PageRequest;
  readonly role?: Role | undefined;
}
export type ListUsersError = AppError<'forbidden'>;

/** The company's users, oldest first (staff and above). */
export class ListUsers {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListUsersInput): Promise<Result<Page<User>, ListUsersError>> {
    const allowed = requireRole(input.actor, 'staff');
    if (!allowed.ok) return allowed;
    return ok(await this.uow.read((r) => r.users.list(input.actor.companyId, input.page, input.role)));
  }
}
