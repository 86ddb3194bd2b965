import type { Category } from '../../domain/catalog/category';
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface GetCategoryInput {
  readonly actor: Actor;
  readonly id: string;
}
export type GetCategoryError = AppError<'not_found'>;

export class GetCategory {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetCategoryInput): Promise<Result<Category, GetCategoryError>> {
    const category = await this.uow.read((repos) => repos.categories.byId(input.actor.companyId, input.id));
    return category ? ok(category) : err(notFound('Category'));
  }
}
