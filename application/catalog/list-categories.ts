import type { Category } from '../../domain/catalog/category';
import type { Actor } from '../../domain/identity/actor';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface ListCategoriesInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}

export class ListCategories {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListCategoriesInput): Promise<Result<Page<Category>, never>> {
    return ok(await this.uow.read((repos) => repos.categories.list(input.actor.companyId, input.page)));
  }
}
