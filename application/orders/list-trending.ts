import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';

const TRENDING_DAYS = 7;

export interface ListTrendingInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}
export interface TrendingProduct {
  readonly product: Product;
  readonly units: number;
}
export type ListTrendingOutput = Page<TrendingProduct>;

/** A page of the active products by units purchased (orders that reached paid) over the last 7 days, most first. */
export class ListTrending {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: ListTrendingInput): Promise<Result<ListTrendingOutput, never>> {
    const since = new Date(this.clock.now().getTime() - TRENDING_DAYS * 86_400_000);
    const { companyId } = input.actor;
    return this.uow.read(async (repos) => {
      const items: TrendingProduct[] = [];
      let cursor = input.page.cursor;
      // Best sellers archived since are skipped: ask again, after them, for the places they left,
      // so that the next cursor still sits right after the last row looked at.
      do {
        const counts = await repos.orders.topPurchasedSince(companyId, since, { limit: input.page.limit - items.length, cursor });
        const products = new Map((await repos.products.byIds(companyId, counts.items.map((c) => c.productId))).map((p) => [p.id, p]));
        for (const { productId, units } of counts.items) {
          const product = products.get(productId);
          if (product?.status === 'active') items.push({ product, units });
        }
        cursor = counts.nextCursor ?? undefined;
      } while (cursor && items.length < input.page.limit);
      return ok({ items, nextCursor: cursor ?? null });
    });
  }
}
