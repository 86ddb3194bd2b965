import type { Actor } from '../../domain/identity/actor';
import type { AppError } from '../../domain/shared/errors';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { keepsAnOwner, manageableUser } from './user-admin';

export interface DeleteUserInput {
  readonly actor: Actor;
  readonly id: string;
}
export type DeleteUserError = AppError<'forbidden' | 'not_found' | 'conflict'>;

/** An admin removes a user up to their own role; the user's sessions end with them. */
export class DeleteUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(input: DeleteUserInput): Promise<Result<void, DeleteUserError>> {
    return this.uow.run(async (tx): Promise<Result<void, DeleteUserError>> => {
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
