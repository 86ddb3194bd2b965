import type { Actor } from '../../domain/identity/actor';
import type { User } from '../../domain/identity/user';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface GetUserInput {
  readonly actor: Actor;
  readonly id: string;
}
export type GetUserError = AppError<'not_found' | 'forbidden'>;

/** Staff read anyone of their company; everyone reads themselves. */
export class GetUser {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetUserInput): Promise<Result<User, GetUserError>> {
    if (input.id !== input.actor.userId) {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
    }
    const user = await this.uow.read((r) => r.users.byId(input.actor.companyId, input.id));
    return user ? ok(user) : err(notFound('User'));
  }
}
