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
  /** Rows the rebuild could not use and went on without (each one logged). */
  readonly skipped: number;
}

/** Where a rebuild reports a row it could not use. */
export interface SkippedRows {
  skipped(companyId: string, row: string, reason: unknown): void;
}

export class RebuildGraph {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: TagInvalidator,
    private readonly clock: Clock,
    private readonly skippedRows: SkippedRows,
    private readonly batchSize = 1000,
  ) {}

  async execute(companyId: string, onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildProgress> {
    let progress: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 };
    const report = (next: Partial<RebuildProgress>) => onProgress((progress = { ...progress, ...next }));
    const skip = (row: string, reason: unknown) => {
      this.skippedRows.skipped(companyId, row, reason);
      report({ skipped: progress.skipped + 1 });
    };
    const usable = <T>(rows: readonly T[], keys: (row: T) => readonly unknown[], row: (row: T) => string): T[] =>
      rows.filter((r) => {
        if (keys(r).every(usableKey)) return true;
        skip(row(r), 'a key is missing');
        return false;
      });
    const read = this.uow.read.bind(this.uow);

    await this.graph.clearCompany(companyId);
    const categories = new Map<string, Category>((await read((r) => r.categories.all(companyId))).map((c) => [c.id, c]));
    await this.graph.upsertCategories(companyId, [...categories.values()].map(({ id, name }) => ({ id, name })));
    report({});

    const productBatches = keysetBatches((after: string | null) => read((r) => r.products.scan(companyId, after, this.batchSize)), (p) => p.id);
    for await (const products of productBatches) {
      const kept = usable(products, (p) => [p.id], (p) => `product ${String(p.id)}`);
      await this.graph.upsertProducts(companyId, kept.map((p) => graphProduct(p, p.categoryId ? (categories.get(p.categoryId) ?? null) : null)));
      report({ products: progress.products + products.length });
    }

    report({ phase: 'purchases' });
    const purchaseBatches = keysetBatches(
      (after: { userId: string; productId: string } | null) => read((r) => r.orders.scanPurchases(companyId, after, this.batchSize)),
      (t) => ({ userId: t.userId, productId: t.productId }),
    );
    for await (const totals of purchaseBatches) {
      const kept = usable(totals, (t) => [t.userId, t.productId], (t) => `purchase of ${String(t.productId)} by ${String(t.userId)}`);
      await this.graph.setPurchases(companyId, kept.map((t) => ({ userId: t.userId, productId: t.productId, count: t.units, lastAt: t.lastAt })));
      report({ purchases: progress.purchases + totals.length });
    }

    report({ phase: 'interests' });
    const now = this.clock.now();
    const userBatches = keysetBatches((after: string | null) => read((r) => r.interests.scanUsers(companyId, after, this.batchSize)), (u) => u.userId);
    for await (const users of userBatches) {
      const kept = usable(users, (u) => [u.userId], (u) => `interests of user ${String(u.userId)}`);
      // One write per user; a few at a time keeps a remote graph busy without flooding it.
      for (let i = 0; i < kept.length; i += 50) {
        await Promise.all(
          kept.slice(i, i + 50).map(async (u) => {
            try {
              await this.graph.setInterests(companyId, u.userId, graphInterests(u.interests, now));
            } catch (error) {
              skip(`interests of user ${u.userId}`, error);
            }
          }),
        );
      }
      report({ users: progress.users + users.length });
    }

    await this.cache.invalidate([cacheTags.company(companyId)]);
    report({ phase: 'done' });
    return progress;
  }
}

const usableKey = (key: unknown): boolean => typeof key === 'string' && key.length > 0;

/**
 * The batches of a keyset scan, until one comes back empty. A batch that would not move the
 * cursor (its last key missing, or the one it was asked after) would be asked for again and
 * again, so the walk stops there with an error instead of spinning.
 */
async function* keysetBatches<T, K>(fetch: (after: K | null) => Promise<readonly T[]>, keyOf: (row: T) => K): AsyncGenerator<readonly T[]> {
  let after: K | null = null;
  for (;;) {
    const rows = await fetch(after);
    const last = rows.at(-1);
    if (last === undefined) return;
    const next = keyOf(last);
    const nextText = JSON.stringify(next);
    if (nextText === undefined || nextText === JSON.stringify(after)) throw new Error('the store answered a scan batch that does not move past its cursor');
    yield rows;
    after = next;
  }
}
