import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface ListNewArrivalsInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}
export type ListNewArrivalsOutput = Page<Product>;

/** A page of the active products, newest first (any role). */
export class ListNewArrivals {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListNewArrivalsInput): Promise<Result<ListNewArrivalsOutput, never>> {
    return ok(await this.uow.read((repos) => repos.products.newest(input.actor.companyId, input.page)));
  }
}
