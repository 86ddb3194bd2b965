import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';

/** Customers see active products only; anything else (and other companies' products) reads as missing. */
export async function visibleProduct(repos: Repositories, actor: Actor, id: string): Promise<Product | null> {
  const product = await repos.products.byId(actor.companyId, id);
  if (!product) return null;
  return product.status === 'active' || isAtLeast(actor.role, 'staff') ? product : null;
}

export interface GetProductInput {
  readonly actor: Actor;
  readonly id: string;
}
export type GetProductOutput = Product;
export type GetProductError = AppError<'not_found'>;

export class GetProduct {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetProductInput): Promise<Result<GetProductOutput, GetProductError>> {
    const product = await this.uow.read((repos) => visibleProduct(repos, input.actor, input.id));
    return product ? ok(product) : err(notFound('Product'));
  }
}
