import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface ListNewArrivalsInput {
  readonly actor: Actor;
  readonly limit: number;
}
export type ListNewArrivalsOutput = readonly Product[];

/** The newest active products (any role). */
export class ListNewArrivals {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListNewArrivalsInput): Promise<Result<ListNewArrivalsOutput, never>> {
    return ok(await this.uow.read((repos) => repos.products.newest(input.actor.companyId, input.limit)));
  }
}
