import { dealOf, type Deal } from '../../domain/catalog/deals';
import type { PricePoint } from '../../domain/catalog/price-point';
import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { visibleProduct } from './get-product';

export class GetPriceHistory {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; id: string; from?: Date | undefined; to?: Date | undefined }): Promise<Result<readonly PricePoint[], AppError<'not_found'>>> {
    return this.uow.read(async (repos) => {
      const product = await visibleProduct(repos, input.actor, input.id);
      if (!product) return err(notFound('Product'));
      return ok(await repos.prices.forProduct(input.actor.companyId, product.id, input.from, input.to));
    });
  }
}

const DEAL_WINDOW_DAYS = 30;

/** Active products priced below their 30-day median, largest relative drop first. */
export class ListDeals {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: { actor: Actor; limit: number }): Promise<Result<readonly (Deal & { product: Product })[], never>> {
    const windowStart = new Date(this.clock.now().getTime() - DEAL_WINDOW_DAYS * 86_400_000);
    return this.uow.read(async (repos) => {
      // The point in force at the window start may be older than the window, so read all changed products' history.
      const recent = await repos.prices.since(input.actor.companyId, windowStart);
      const productIds = [...new Set(recent.map((p) => p.productId))];
      const products = (await repos.products.byIds(input.actor.companyId, productIds)).filter((p) => p.status === 'active');
      const deals: (Deal & { product: Product })[] = [];
      for (const product of products) {
        const history = await repos.prices.forProduct(input.actor.companyId, product.id, undefined, this.clock.now());
        const deal = dealOf(product.price, product.id, history, windowStart);
        if (deal) deals.push({ ...deal, product });
      }
      deals.sort((a, b) => b.dropPercent - a.dropPercent || a.productId.localeCompare(b.productId));
      return ok(deals.slice(0, input.limit));
    });
  }
}
