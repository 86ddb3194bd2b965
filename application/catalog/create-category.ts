import { categoryName, type Category } from '../../domain/catalog/category';
import type { Actor } from '../../domain/identity/actor';
import { conflict, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface CreateCategoryInput {
  readonly actor: Actor;
  readonly name: string;
  readonly parentId: string | null;
}
export type CreateCategoryError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

export class CreateCategory {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: CreateCategoryInput): Promise<Result<Category, CreateCategoryError>> {
    return this.uow.run(async (tx): Promise<Result<Category, CreateCategoryError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const name = categoryName(input.name);
      if (!name.ok) return name;
      const { companyId } = input.actor;
      if (input.parentId !== null && !(await tx.categories.byId(companyId, input.parentId))) {
        return err(notFound('Parent category'));
      }
      if (await tx.categories.nameTaken(companyId, input.parentId, name.value)) {
        return err(conflict('A category with this name already exists here'));
      }
      const category: Category = {
        id: this.ids.next(),
        companyId,
        name: name.value,
        parentId: input.parentId,
        createdAt: this.clock.now(),
      };
      await tx.categories.save(category);
      return ok(category);
    });
  }
}
