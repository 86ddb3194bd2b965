// Recommendations and similar products are rankings worked out whole, cached, and served page
// by page like every list (SPEC §2). Most requests are a first page of the default size, so
// those come from a short ranking; any other page comes from the full one. Both are cut from
// the same candidate order, so the short one is a prefix of the full one and a walk that starts
// on the first and goes on in the second serves every item once.
import {
  DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, decodeCursor, keysetSlice, type KeyOrder, type Page, type PageRequest,
} from '../../domain/shared/page';
import type { RecommendedItem } from './present-candidates';

/** How far a ranking is worked out: `top` for first pages of at most the default size, `all` for any other. */
export type RankingDepth = 'top' | 'all';

/**
 * Items a ranking holds. `top` holds one more than the default page, so that it knows whether
 * a next page exists; `all` is where every ranking ends, whole in one page of the largest size.
 */
export const RANKING_SIZE: Readonly<Record<RankingDepth, number>> = { top: DEFAULT_PAGE_LIMIT + 1, all: MAX_PAGE_LIMIT };

/** Best first, as the graph ranks them (score, then buyers, then product id): a cursor carries the last item's three. */
const BEST_FIRST: KeyOrder<RecommendedItem> = {
  columns: [['number', 'desc'], ['integer', 'desc'], ['string', 'asc']],
  keyOf: (item) => [item.score, item.buyers, item.product.id],
};

/** The ranking a page is cut from; InvalidCursor, before anything is computed, for a cursor not of a ranking. */
export function depthFor(page: PageRequest): RankingDepth {
  if (!page.cursor) return page.limit <= DEFAULT_PAGE_LIMIT ? 'top' : 'all';
  decodeCursor(page.cursor, BEST_FIRST.columns.map(([part]) => part));
  return 'all';
}

/** A ranking, or a page of it, with its other fields (strategy, degraded). */
export type RankedPage<R extends { readonly items: readonly RecommendedItem[] }> = Omit<R, 'items'> & Page<RecommendedItem>;

/**
 * First pages by ranking object and limit. A cached ranking is one shared object on every hit,
 * so its hot first page is cut once and stays one object, which the edge presents and
 * serialises once. Later pages are cut on each request; entries go with their ranking.
 */
const firstPages = new WeakMap<object, Map<number, unknown>>();

/** The page of `ranking` that `page` asks for (a ranking of the depth `depthFor(page)` named). */
export function pageOfRanking<R extends { readonly items: readonly RecommendedItem[] }>(ranking: R, page: PageRequest): RankedPage<R> {
  const cut = (): RankedPage<R> => ({ ...ranking, ...keysetSlice(ranking.items, page, BEST_FIRST) });
  if (page.cursor) return cut();
  let byLimit = firstPages.get(ranking);
  if (!byLimit) firstPages.set(ranking, (byLimit = new Map()));
  let first = byLimit.get(page.limit) as RankedPage<R> | undefined;
  if (!first) byLimit.set(page.limit, (first = cut()));
  return first;
}

/**
 * The score of the item at `rank` (0 first) of a list that is ranked but not scored (the
 * store's fallbacks): falls by the same step at any depth, so a short ranking's scores and
 * cursors hold in the full one.
 */
export const scoreOfRank = (rank: number): number => Math.round((1 - rank / RANKING_SIZE.all) * 10_000) / 10_000;
