// From graph candidates to what the API shows: the products as the store has them now (the
// projection may lag, so the store has the last word on what can be offered) and reasons a
// person can read.
import type { Product } from '../../domain/catalog/product';
import { byRank, type Candidate, type Evidence } from '../../domain/recommendations/candidate';
import type { JsonValue } from '../ports/cache';
import type { Repositories } from '../ports/unit-of-work';
import { decodeProduct, encodeProduct } from '../cache/product-codec';
import type { Codec } from '../cache/cache-aside';

export type Reason =
  | { readonly kind: 'co_purchase'; readonly detail: string; readonly productId: string }
  | { readonly kind: 'interest'; readonly detail: string; readonly interest: { readonly dimension: string; readonly value: string } }
  | { readonly kind: 'category'; readonly detail: string; readonly categoryId: string }
  | { readonly kind: 'trait'; readonly detail: string; readonly trait: { readonly dimension: string; readonly value: string } }
  | { readonly kind: 'popular'; readonly detail: string };

export interface RecommendedItem {
  readonly product: Product;
  /** Higher is better; comparable within one ranking only. */
  readonly score: number;
  /** How many users bought it, as the graph counts them (0 in fallback answers): the tie-break after the score. */
  readonly buyers: number;
  /** Strongest first, at most MAX_REASONS. */
  readonly reasons: readonly Reason[];
}

const MAX_REASONS = 3;

/**
 * Candidates to look up for `wanted` items: a little room for those the store no longer offers
 * (the projection may lag a little); when that is not enough, the next ones are looked up.
 */
const overfetch = (wanted: number): number => wanted + 10;

export const isOffered = (product: Product): boolean => product.status === 'active' && product.stock > 0;

function reasonFor(evidence: Evidence, names: ReadonlyMap<string, string>): Reason {
  switch (evidence.kind) {
    case 'co_purchase':
      return { kind: 'co_purchase', detail: `Often bought with ${names.get(evidence.productId) ?? 'a product you know'}`, productId: evidence.productId };
    case 'interest':
      return { kind: 'interest', detail: `Matches your interest in ${evidence.dimension} "${evidence.value}"`, interest: { dimension: evidence.dimension, value: evidence.value } };
    case 'category':
      return { kind: 'category', detail: `More from ${evidence.name}, where you have shopped`, categoryId: evidence.categoryId };
    case 'trait':
      return { kind: 'trait', detail: `Same ${evidence.dimension}: ${evidence.value}`, trait: { dimension: evidence.dimension, value: evidence.value } };
    case 'popular':
      return { kind: 'popular', detail: evidence.buyers === 0 ? 'In stock now' : evidence.buyers === 1 ? 'Bought by 1 customer' : `Bought by ${evidence.buyers} customers` };
  }
}

function reasonsFor(evidence: readonly Evidence[], names: ReadonlyMap<string, string>): Reason[] {
  const reasons = new Map<string, Reason>();
  for (const e of evidence) {
    const reason = reasonFor(e, names);
    if (!reasons.has(reason.detail)) reasons.set(reason.detail, reason);
  }
  return [...reasons.values()].slice(0, MAX_REASONS);
}

const roundScore = (score: number) => Math.round(score * 10_000) / 10_000;

/**
 * The first `limit` candidates the store still offers, with their reasons, ranked by the score
 * shown (rounded), then buyers, then id: the order a ranking's pages are cut in (see
 * ranked-pages.ts). Products are looked up a slice of candidates at a time until `limit` are
 * found, so a ranking cut short is a prefix of a longer one of the same candidates.
 */
export async function presentCandidates(repos: Repositories, companyId: string, candidates: readonly Candidate[], limit: number): Promise<RecommendedItem[]> {
  const ranked = candidates.map((c) => ({ ...c, score: roundScore(c.score) })).sort(byRank);
  const items: RecommendedItem[] = [];
  for (let start = 0; start < ranked.length && items.length < limit; ) {
    const slice = ranked.slice(start, start + overfetch(limit - items.length));
    start += slice.length;
    items.push(...(await offeredOf(repos, companyId, slice, limit - items.length)));
  }
  return items;
}

async function offeredOf(repos: Repositories, companyId: string, candidates: readonly Candidate[], limit: number): Promise<RecommendedItem[]> {
  const leads = candidates.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'co_purchase' ? [e.productId] : [])));
  const products = new Map((await repos.products.byIds(companyId, [...new Set([...candidates.map((c) => c.productId), ...leads])])).map((p) => [p.id, p]));
  const names = new Map([...products].map(([id, p]) => [id, p.name]));
  const items: RecommendedItem[] = [];
  for (const candidate of candidates) {
    if (items.length >= limit) break;
    const product = products.get(candidate.productId);
    if (product && isOffered(product)) items.push({ product, score: candidate.score, buyers: candidate.buyers, reasons: reasonsFor(candidate.evidence, names) });
  }
  return items;
}

export const recommendedItemsCodec: Codec<readonly RecommendedItem[]> = {
  encode: (items) => items.map((i) => ({ product: encodeProduct(i.product), score: i.score, buyers: i.buyers, reasons: i.reasons as unknown as JsonValue })),
  decode: (json) =>
    (json as { product: JsonValue; score: number; buyers: number; reasons: Reason[] }[]).map((i) => ({
      product: decodeProduct(i.product),
      score: i.score,
      buyers: i.buyers,
      reasons: i.reasons,
    })),
};
