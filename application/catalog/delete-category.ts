import type { Actor } from '../../domain/identity/actor';
import { conflict, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface DeleteCategoryInput {
  readonly actor: Actor;
  readonly id: string;
}
export type DeleteCategoryError = AppError<'forbidden' | 'not_found' | 'conflict'>;

/** Deleting a category that still holds products or subcategories is refused, so nothing is orphaned. */
export class DeleteCategory {
  constructor(private readonly uow: UnitOfWork) {}

  execute(input: DeleteCategoryInput): Promise<Result<void, DeleteCategoryError>> {
    return this.uow.run(async (tx): Promise<Result<void, DeleteCategoryError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const { companyId } = input.actor;
      if (!(await tx.categories.byId(companyId, input.id))) return err(notFound('Category'));
      if (await tx.categories.hasChildren(companyId, input.id)) {
        return err(conflict('The category still has subcategories'));
      }
      if ((await tx.products.countInCategory(companyId, input.id)) > 0) {
        return err(conflict('The category still has products'));
      }
      await tx.categories.remove(companyId, input.id);
      return ok(undefined);
    });
  }
}
