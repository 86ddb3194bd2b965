import type { Actor } from '../../domain/identity/actor';
import type { ApiKey } from '../../domain/identity/api-key';
import type { AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface ListApiKeysInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}
export type ListApiKeysError = AppError<'forbidden'>;

/** A page of the company's keys, newest first, revoked ones included (admin and above). */
export class ListApiKeys {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListApiKeysInput): Promise<Result<Page<ApiKey>, ListApiKeysError>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    return ok(await this.uow.read((r) => r.apiKeys.list(input.actor.companyId, input.page)));
  }
}
