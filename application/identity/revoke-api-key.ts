import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface RevokeApiKeyInput {
  readonly actor: Actor;
  readonly id: string;
}
export type RevokeApiKeyError = AppError<'forbidden' | 'not_found'>;

/** Revokes a key for good (admin and above); revoking it again changes nothing. */
export class RevokeApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: RevokeApiKeyInput): Promise<Result<void, RevokeApiKeyError>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    return this.uow.run(async (tx): Promise<Result<void, RevokeApiKeyError>> => {
      const key = await tx.apiKeys.byId(input.actor.companyId, input.id);
      if (!key) return err(notFound('API key'));
      if (!key.revokedAt) await tx.apiKeys.save({ ...key, revokedAt: this.clock.now() });
      return ok(undefined);
    });
  }
}
