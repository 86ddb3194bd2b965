import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';

/** Customers see active products only; anything else reads as missing. */
export async function visibleProduct(repos: Repositories, actor: Actor, id: string): Promise<Product | null> {
  const product = await repos.products.byId(actor.companyId, id);
  if (!product) return null;
  return product.status === 'active' || isAtLeast(actor.role, 'staff') ? product : null;
}

export class GetProduct {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; id: string }): Promise<Result<Product, AppError<'not_found'>>> {
    const product = await this.uow.read((repos) => visibleProduct(repos, input.actor, input.id));
    return product ? ok(product) : err(notFound('Product'));
  }
}
