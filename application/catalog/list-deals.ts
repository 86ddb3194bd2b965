import { dealOf, dealWindowStart, type Deal } from '../../domain/catalog/deals';
import type { PricePoint } from '../../domain/catalog/price-point';
import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { keysetSlice, type KeyOrder, type Page, type PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface ListDealsInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}
export type ProductDeal = Deal & { readonly product: Product };
export type ListDealsOutput = Page<ProductDeal>;

/** Largest drop first, ties by product id: the cursor carries the last (dropPercent, productId) served. */
const LARGEST_DROP: KeyOrder<ProductDeal> = { columns: [['number', 'desc'], ['string', 'asc']], keyOf: (d) => [d.dropPercent, d.productId] };

/**
 * A page of the active products priced below the median of their last 30 days' prices, largest
 * relative drop first. Only products whose price changed inside the window can qualify: the
 * others have had one price all along. The ranking is computed whole, then paged by keyset.
 */
export class ListDeals {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: ListDealsInput): Promise<Result<ListDealsOutput, never>> {
    const { companyId } = input.actor;
    const windowStart = dealWindowStart(this.clock.now());
    return this.uow.read(async (repos) => {
      const inside = await repos.prices.since(companyId, windowStart);
      const changed = [...new Set(inside.map((p) => p.productId))];
      const products = (await repos.products.byIds(companyId, changed)).filter((p) => p.status === 'active');
      const atStart = await repos.prices.lastBefore(companyId, products.map((p) => p.id), windowStart);
      const history = new Map<string, PricePoint[]>();
      for (const point of [...atStart, ...inside]) {
        const points = history.get(point.productId) ?? [];
        points.push(point);
        history.set(point.productId, points);
      }
      const deals: ProductDeal[] = [];
      for (const product of products) {
        const deal = dealOf(product.price, product.id, history.get(product.id) ?? [], windowStart);
        if (deal) deals.push({ ...deal, product });
      }
      return ok(keysetSlice(deals, input.page, LARGEST_DROP));
    });
  }
}
