// How cached answers are keyed and tagged (SPEC §3.6), and which tags each domain event
// invalidates. Every key and tag starts with the company, so one company's events never
// touch another's entries and an admin's `DELETE /admin/cache?tag=` stays in their company.
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { CachePartition } from '../ports/cache';
import type { RankingDepth } from '../recommendations/ranked-pages';

const scope = (companyId: string) => `c:${companyId}`;

const SCOPE = /^c:[^:]*/;

/**
 * The company scope `c:<companyId>` a key or tag starts with: the cache's partition, so that a
 * company's entries, their tags and its counters share one Redis Cluster slot and every entry can
 * be stored and invalidated in one step. Anything outside a scope is in the empty partition.
 */
export const cachePartition: CachePartition = (keyOrTag) => SCOPE.exec(keyOrTag)?.[0] ?? '';

export const cacheTags = {
  /** Everything cached for the company. */
  company: (companyId: string) => scope(companyId),
  /** The product's read, and every recommendation or similar list that shows it. */
  product: (companyId: string, productId: string) => `${scope(companyId)}:product:${productId}`,
  /** Every search page of the company: any product change may move it in or out of one. */
  search: (companyId: string) => `${scope(companyId)}:search`,
  /** The user's recommendation lists. */
  recommendations: (companyId: string, userId: string) => `${scope(companyId)}:recs:${userId}`,
  /** Every analytics answer of the company (SPEC §3.9). */
  analytics: (companyId: string) => `${scope(companyId)}:analytics`,
};

export const cacheKeys = {
  product: (companyId: string, productId: string) => `${scope(companyId)}:product:${productId}`,
  /** `query` is a canonical string of every search parameter (see SearchProducts). */
  search: (companyId: string, query: string) => `${scope(companyId)}:search:${query}`,
  /**
   * A ranking of the user's recommendations, `depth` `top` or `all` (see ranked-pages.ts): every
   * page is cut from one of the two, so pages and limits share entries. Keys of old versions
   * ended in the page's limit, a number, and can never be read as a ranking.
   */
  recommendations: (companyId: string, userId: string, strategy: string, depth: RankingDepth) =>
    `${scope(companyId)}:recs:${userId}:${strategy}:${depth}`,
  /** A ranking of products similar to one, `depth` as for recommendations. */
  similar: (companyId: string, productId: string, depth: RankingDepth) => `${scope(companyId)}:similar:${productId}:${depth}`,
  /** `query` names the query and every parameter of it, the range to the millisecond. */
  analytics: (companyId: string, query: string) => `${scope(companyId)}:analytics:${query}`,
};

export const CACHE_TTL_MS = {
  product: 5 * 60_000,
  search: 60_000,
  recommendations: 5 * 60_000,
  /** The most an analytics answer may lag new events (issue 15: at most 60 s), were an invalidation missed. */
  analytics: 60_000,
} as const;

const productOf = (payload: unknown): string | null => {
  const id = (payload as { productId?: unknown } | null)?.productId;
  return typeof id === 'string' ? id : null;
};

const userOf = (payload: unknown): string | null => {
  const id = (payload as { userId?: unknown } | null)?.userId;
  return typeof id === 'string' ? id : null;
};

/**
 * The tags an event makes stale. A product change: its read, the searches and the lists
 * showing it. A purchase or interest change: the buyer's recommendations (an order also moves
 * stock and sales, which arrive as their own events). Orders, prices and ingested events: the
 * company's analytics. Events that change nothing cached: none.
 */
export function tagsInvalidatedBy(event: DomainEvent): string[] {
  const { companyId, payload } = event;
  switch (event.type) {
    case 'ProductUpserted':
    case 'StockChanged': {
      const productId = productOf(payload);
      return productId ? [cacheTags.product(companyId, productId), cacheTags.search(companyId)] : [cacheTags.search(companyId)];
    }
    case 'PriceChanged': {
      // Also the price anomalies, which every product's price history feeds.
      const productId = productOf(payload);
      const analytics = [cacheTags.search(companyId), cacheTags.analytics(companyId)];
      return productId ? [cacheTags.product(companyId, productId), ...analytics] : analytics;
    }
    case 'OrderPlaced':
      return [cacheTags.analytics(companyId)];
    case 'OrderStatusChanged': {
      const userId = userOf(payload);
      const analytics = cacheTags.analytics(companyId);
      return userId ? [cacheTags.recommendations(companyId, userId), analytics] : [analytics];
    }
    case 'InterestsUpdated': {
      const userId = userOf(payload);
      return userId ? [cacheTags.recommendations(companyId, userId)] : [];
    }
    case 'AnalyticsEventsIngested':
      return [cacheTags.analytics(companyId)];
    default:
      return [];
  }
}

/**
 * An admin's tag, as `DELETE /admin/cache?tag=` takes it, scoped to their company:
 * `all`, `search`, `product:<id>` or `recommendations:<userId>`. Null for anything else.
 */
export function adminTag(companyId: string, tag: string): string | null {
  if (tag === 'all') return cacheTags.company(companyId);
  if (tag === 'search') return cacheTags.search(companyId);
  const [kind, id, ...rest] = tag.split(':');
  if (!id || rest.length > 0) return null;
  if (kind === 'product') return cacheTags.product(companyId, id);
  if (kind === 'recommendations') return cacheTags.recommendations(companyId, id);
  return null;
}
