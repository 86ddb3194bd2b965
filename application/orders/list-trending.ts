import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';

const TRENDING_DAYS = 7;

/** Active products by units purchased (orders that reached paid) over the last 7 days. */
export class ListTrending {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: { actor: Actor; limit: number }): Promise<Result<readonly { product: Product; units: number }[], never>> {
    const since = new Date(this.clock.now().getTime() - TRENDING_DAYS * 86_400_000);
    return this.uow.read(async (repos) => {
      // Ask for extra rows: some of the best sellers may since have been archived.
      const counts = await repos.orders.topPurchasedSince(input.actor.companyId, since, input.limit * 2);
      const products = new Map((await repos.products.byIds(input.actor.companyId, counts.map((c) => c.productId))).map((p) => [p.id, p]));
      const items = counts.flatMap((c) => {
        const product = products.get(c.productId);
        return product?.status === 'active' ? [{ product, units: c.units }] : [];
      });
      return ok(items.slice(0, input.limit));
    });
  }
}
