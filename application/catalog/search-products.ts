import type { Product, ProductStatus } from '../../domain/catalog/product';
import { searchQuery } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { ProductSearch, ProductSort } from '../ports/product-repository';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { CacheAside } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { productPageCodec } from '../cache/product-codec';

export interface SearchProductsInput {
  readonly actor: Actor;
  readonly q?: string | undefined;
  readonly categoryId?: string | undefined;
  readonly brand?: string | undefined;
  readonly tag?: string | undefined;
  /** Cents, inclusive. */
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly inStock?: boolean | undefined;
  /** Staff+: one status (default: draft and active). Customers only ever see active products. */
  readonly status?: ProductStatus | undefined;
  readonly sort: ProductSort;
  readonly page: PageRequest;
}
export type SearchProductsOutput = Page<Product>;

const STAFF_DEFAULT: readonly ProductStatus[] = ['draft', 'active'];

/** Which statuses the caller may list: none when a customer asks for drafts or archived ones. */
export function listableStatuses(actor: Actor, wanted: ProductStatus | undefined): readonly ProductStatus[] {
  if (isAtLeast(actor.role, 'staff')) return wanted ? [wanted] : STAFF_DEFAULT;
  return !wanted || wanted === 'active' ? ['active'] : [];
}

/** GET /products: text and filters, every sort, keyset pages; relevance without text means newest. */
export class SearchProducts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: SearchProductsInput): Promise<Result<SearchProductsOutput, never>> {
    const statuses = listableStatuses(input.actor, input.status);
    if (statuses.length === 0) return ok({ items: [], nextCursor: null });
    const q = searchQuery(input.q);
    const search: ProductSearch = {
      companyId: input.actor.companyId,
      q,
      categoryId: input.categoryId,
      brand: input.brand,
      tag: input.tag?.trim().toLowerCase() || undefined,
      minPriceCents: input.minPrice,
      maxPriceCents: input.maxPrice,
      inStock: input.inStock,
      statuses,
      sort: input.sort === 'relevance' && !q ? 'newest' : input.sort,
      page: input.page,
    };
    const { companyId } = search;
    const page = await this.cache.getOrCompute(
      cacheKeys.search(companyId, canonical(search)),
      { ttlMs: CACHE_TTL_MS.search, codec: productPageCodec, tags: [cacheTags.company(companyId), cacheTags.search(companyId)] },
      () => this.uow.read((repos) => repos.products.search(search)),
    );
    return ok(page);
  }
}

/** One string per distinct search: keys in a fixed order, absent values left out. */
function canonical(search: ProductSearch): string {
  const { companyId: _company, page, ...filters } = search;
  const fields = Object.entries({ ...filters, limit: page.limit, cursor: page.cursor })
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(fields);
}
