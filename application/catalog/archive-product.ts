import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import type { ProductChanges } from './product-changes';

export interface ArchiveProductInput {
  readonly actor: Actor;
  readonly id: string;
}
export type ArchiveProductError = AppError<'forbidden' | 'not_found'>;

/**
 * DELETE archives (orders and history keep pointing at the product). Archiving an archived
 * product changes nothing and emits nothing, so a retried DELETE is harmless.
 */
export class ArchiveProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly clock: Clock,
  ) {}

  execute(input: ArchiveProductInput): Promise<Result<void, ArchiveProductError>> {
    return this.uow.run(async (tx): Promise<Result<void, ArchiveProductError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const before = await tx.products.byId(input.actor.companyId, input.id);
      if (!before) return err(notFound('Product'));
      if (before.status === 'archived') return ok(undefined);
      const after = { ...before, status: 'archived' as const, updatedAt: this.clock.now() };
      await tx.products.save(after);
      await this.changes.record(tx, [{ before, after }]);
      return ok(undefined);
    });
  }
}
