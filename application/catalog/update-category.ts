import { categoryName, wouldCycle, type Category } from '../../domain/catalog/category';
import type { Actor } from '../../domain/identity/actor';
import { conflict, invalid, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface UpdateCategoryInput {
  readonly actor: Actor;
  readonly id: string;
  readonly name?: string | undefined;
  readonly parentId?: string | null | undefined;
}
export type UpdateCategoryError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

export class UpdateCategory {
  constructor(private readonly uow: UnitOfWork) {}

  execute(input: UpdateCategoryInput): Promise<Result<Category, UpdateCategoryError>> {
    return this.uow.run(async (tx): Promise<Result<Category, UpdateCategoryError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const { companyId } = input.actor;
      const current = await tx.categories.byId(companyId, input.id);
      if (!current) return err(notFound('Category'));
      const name = categoryName(input.name ?? current.name);
      if (!name.ok) return name;
      const parentId = input.parentId === undefined ? current.parentId : input.parentId;
      if (parentId !== null && parentId !== current.parentId) {
        const all = await tx.categories.all(companyId);
        if (!all.some((c) => c.id === parentId)) return err(notFound('Parent category'));
        if (wouldCycle(current.id, parentId, new Map(all.map((c) => [c.id, c.parentId])))) {
          return err(invalid('parentId', 'A category cannot sit under itself or its descendants'));
        }
      }
      if (await tx.categories.nameTaken(companyId, parentId, name.value, current.id)) {
        return err(conflict('A category with this name already exists here'));
      }
      const updated: Category = { ...current, name: name.value, parentId };
      await tx.categories.save(updated);
      return ok(updated);
    });
  }
}
