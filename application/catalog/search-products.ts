import type { Product, ProductStatus } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { ProductSearch, ProductSort } from '../ports/product-repository';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface SearchProductsInput {
  readonly actor: Actor;
  readonly q?: string | undefined;
  readonly categoryId?: string | undefined;
  readonly brand?: string | undefined;
  readonly tag?: string | undefined;
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly inStock?: boolean | undefined;
  /** Staff only; customers always see active products. */
  readonly status?: ProductStatus | undefined;
  readonly sort: ProductSort;
  readonly page: PageRequest;
}

export class SearchProducts {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: SearchProductsInput): Promise<Result<Page<Product>, never>> {
    const staff = isAtLeast(input.actor.role, 'staff');
    const statuses: ProductStatus[] = !staff ? ['active'] : input.status ? [input.status] : ['draft', 'active'];
    const q = input.q?.trim() || undefined;
    const search: ProductSearch = {
      companyId: input.actor.companyId,
      q,
      categoryId: input.categoryId,
      brand: input.brand,
      tag: input.tag?.toLowerCase(),
      minPriceCents: input.minPrice,
      maxPriceCents: input.maxPrice,
      inStock: input.inStock,
      statuses,
      sort: input.sort === 'relevance' && !q ? 'newest' : input.sort,
      page: input.page,
    };
    return ok(await this.uow.read((repos) => repos.products.search(search)));
  }
}

export class AutocompleteProducts {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; q: string }): Promise<Result<readonly Pick<Product, 'id' | 'name'>[], never>> {
    const q = input.q.trim();
    if (!q) return ok([]);
    return ok(await this.uow.read((repos) => repos.products.autocomplete(input.actor.companyId, q, 10)));
  }
}

export class ListNewArrivals {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; limit: number }): Promise<Result<readonly Product[], never>> {
    return ok(await this.uow.read((repos) => repos.products.newest(input.actor.companyId, input.limit)));
  }
}
