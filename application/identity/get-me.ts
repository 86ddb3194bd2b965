import type { Actor } from '../../domain/identity/actor';
import type { User } from '../../domain/identity/user';
import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface GetMeInput {
  readonly actor: Actor;
}
export type GetMeError = AppError<'unauthenticated'>;

/** The caller. A token outliving its (deleted) user is refused, so the client signs in again. */
export class GetMe {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetMeInput): Promise<Result<User, GetMeError>> {
    const user = await this.uow.read((r) => r.users.byId(input.actor.companyId, input.actor.userId));
    return user ? ok(user) : err(appError('unauthenticated', 'The user of this token no longer exists'));
  }
}
