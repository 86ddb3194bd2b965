import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { productCodec } from '../cache/product-codec';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';

const isVisibleTo = (product: Product, actor: Actor): boolean => product.status === 'active' || isAtLeast(actor.role, 'staff');

/** Customers see active products only; anything else (and other companies' products) reads as missing. */
export async function visibleProduct(repos: Repositories, actor: Actor, id: string): Promise<Product | null> {
  const product = await repos.products.byId(actor.companyId, id);
  return product && isVisibleTo(product, actor) ? product : null;
}

// Misses are not remembered: ids probed at random would fill the cache with nothing.
const isFound = (product: Product | null): boolean => product !== null;

export interface GetProductInput {
  readonly actor: Actor;
  readonly id: string;
}
export type GetProductOutput = Product;
export type GetProductError = AppError<'not_found'>;

/** Cache-aside: the stored product is cached (any status) and the caller's visibility applied to it. */
export class GetProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: GetProductInput): Promise<Result<GetProductOutput, GetProductError>> {
    const { actor, id } = input;
    const { companyId } = actor;
    const product = await this.cache.getOrCompute(
      cacheKeys.product(companyId, id),
      {
        ttlMs: CACHE_TTL_MS.product,
        codec: productCodec,
        cacheIf: isFound,
        tags: [cacheTags.company(companyId), cacheTags.product(companyId, id)],
      },
      () => this.uow.read((repos) => repos.products.byId(companyId, id)),
    );
    return product && isVisibleTo(product, actor) ? ok(product) : err(notFound('Product'));
  }
}
