// Keeps the knowledge graph in step with the store (SPEC §3.5). Each projection reads the
// current state from the store and writes it whole, so a redelivered or late event writes
// the same thing again: idempotent without an inbox, and never older than the store.
import type { Category } from '../../domain/catalog/category';
import type { Product } from '../../domain/catalog/product';
import { weightAt } from '../../domain/interests/interest-inference';
import type { Interest } from '../../domain/interests/interest';
import { productTraits, traitKey } from '../../domain/recommendations/product-traits';
import { cacheTags } from '../cache/cache-keys';
import type { Clock } from '../ports/clock';
import type { GraphProduct, RecommendationGraph, WeightedInterest } from '../ports/recommendation-graph';
import type { UnitOfWork } from '../ports/unit-of-work';

/**
 * Drops cached answers by tag; best effort (see CacheAside.invalidate). The projections drop
 * their tags again after writing the graph: the cache-invalidation consumer may run first, and
 * a list computed between the two would otherwise keep the old graph's answer.
 */
export interface TagInvalidator {
  invalidate(tags: readonly string[]): Promise<number>;
}

export const graphProduct = (product: Product, category: Category | null): GraphProduct => ({
  id: product.id,
  categoryId: product.categoryId,
  available: product.status === 'active' && product.stock > 0,
  traits: productTraits(product, category?.name ?? null),
});

/** One weight per (dimension, value): an interest both declared and inferred counts at its stronger weight. */
export function graphInterests(interests: readonly Interest[], at: Date): WeightedInterest[] {
  const strongest = new Map<string, WeightedInterest>();
  for (const interest of interests) {
    const { dimension, value, weight } = weightAt(interest, at);
    const key = traitKey(dimension, value);
    if (weight > (strongest.get(key)?.weight ?? 0)) strongest.set(key, { dimension, value, weight });
  }
  return [...strongest.values()];
}

/** `ProductUpserted`, `PriceChanged`, `StockChanged`: the product node, its category and traits. */
export class ProjectProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: TagInvalidator,
  ) {}

  async execute(input: { companyId: string; productId: string }): Promise<void> {
    const { companyId, productId } = input;
    const found = await this.uow.read(async (repos) => {
      const product = await repos.products.byId(companyId, productId);
      const category = product?.categoryId ? await repos.categories.byId(companyId, product.categoryId) : null;
      return product ? { product, category } : null;
    });
    if (!found) return;
    if (found.category) await this.graph.upsertCategories(companyId, [{ id: found.category.id, name: found.category.name }]);
    await this.graph.upsertProducts(companyId, [graphProduct(found.product, found.category)]);
    await this.cache.invalidate([cacheTags.product(companyId, productId)]);
  }
}

/** `OrderStatusChanged` (paid, refunded, cancelled): the buyer's purchase edges of the order's products. */
export class ProjectPurchases {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: TagInvalidator,
  ) {}

  async execute(input: { companyId: string; userId: string; productIds: readonly string[] }): Promise<void> {
    const { companyId, userId } = input;
    const productIds = [...new Set(input.productIds)];
    const totals = new Map(
      (await this.uow.read((repos) => repos.orders.purchasesOf(companyId, userId, productIds))).map((t) => [t.productId, t]),
    );
    await this.graph.setPurchases(
      companyId,
      productIds.map((productId) => {
        const total = totals.get(productId);
        return { userId, productId, count: total?.units ?? 0, lastAt: total?.lastAt ?? new Date(0) };
      }),
    );
    await this.cache.invalidate([cacheTags.recommendations(companyId, userId)]);
  }
}

/** `InterestsUpdated`: the user's interest edges, inferred weights decayed to now. */
export class ProjectInterests {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: TagInvalidator,
    private readonly clock: Clock,
  ) {}

  async execute(input: { companyId: string; userId: string }): Promise<void> {
    const { companyId, userId } = input;
    const interests = await this.uow.read((repos) => repos.interests.forUser(companyId, userId));
    await this.graph.setInterests(companyId, userId, graphInterests(interests, this.clock.now()));
    await this.cache.invalidate([cacheTags.recommendations(companyId, userId)]);
  }
}
