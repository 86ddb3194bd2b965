// Rebuilds one company's projection from the store (SPEC §3.5 `POST /admin/graph/rebuild`,
// and the embedded graph at start). Walks the store in keyset batches and writes in batches,
// reporting progress after each.
import type { Category } from '../../domain/catalog/category';
import { cacheTags } from '../cache/cache-keys';
import type { Clock } from '../ports/clock';
import type { RecommendationGraph } from '../ports/recommendation-graph';
import type { UnitOfWork } from '../ports/unit-of-work';
import { graphInterests, graphProduct, type TagInvalidator } from './graph-projection';

export interface RebuildProgress {
  readonly phase: 'products' | 'purchases' | 'interests' | 'done';
  readonly products: number;
  readonly purchases: number;
  readonly users: number;
}

export class RebuildGraph {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: TagInvalidator,
    private readonly clock: Clock,
    private readonly batchSize = 1000,
  ) {}

  async execute(companyId: string, onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildProgress> {
    let progress: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0 };
    const report = (next: Partial<RebuildProgress>) => onProgress((progress = { ...progress, ...next }));
    const read = this.uow.read.bind(this.uow);

    await this.graph.clearCompany(companyId);
    const categories = new Map<string, Category>((await read((r) => r.categories.all(companyId))).map((c) => [c.id, c]));
    await this.graph.upsertCategories(companyId, [...categories.values()].map(({ id, name }) => ({ id, name })));
    report({});

    for (let after: string | null = null; ; ) {
      const products = await read((r) => r.products.scan(companyId, after, this.batchSize));
      if (products.length === 0) break;
      await this.graph.upsertProducts(companyId, products.map((p) => graphProduct(p, p.categoryId ? (categories.get(p.categoryId) ?? null) : null)));
      after = products[products.length - 1]!.id;
      report({ products: progress.products + products.length });
    }

    report({ phase: 'purchases' });
    for (let after: { userId: string; productId: string } | null = null; ; ) {
      const totals = await read((r) => r.orders.scanPurchases(companyId, after, this.batchSize));
      if (totals.length === 0) break;
      await this.graph.setPurchases(companyId, totals.map((t) => ({ userId: t.userId, productId: t.productId, count: t.units, lastAt: t.lastAt })));
      const last = totals[totals.length - 1]!;
      after = { userId: last.userId, productId: last.productId };
      report({ purchases: progress.purchases + totals.length });
    }

    report({ phase: 'interests' });
    const now = this.clock.now();
    for (let after: string | null = null; ; ) {
      const users = await read((r) => r.interests.scanUsers(companyId, after, this.batchSize));
      if (users.length === 0) break;
      // One write per user; a few at a time keeps a remote graph busy without flooding it.
      for (let i = 0; i < users.length; i += 50) {
        await Promise.all(users.slice(i, i + 50).map((u) => this.graph.setInterests(companyId, u.userId, graphInterests(u.interests, now))));
      }
      after = users[users.length - 1]!.userId;
      report({ users: progress.users + users.length });
    }

    await this.cache.invalidate([cacheTags.company(companyId)]);
    report({ phase: 'done' });
    return progress;
  }
}
