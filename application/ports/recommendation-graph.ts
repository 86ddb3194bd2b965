// The knowledge graph of SPEC §3.5, as the application sees it: a projection of the
// store that the graph-projection consumers keep in sync, and the candidate queries the
// recommendation use cases blend. Every call is scoped to one company; nothing crosses.
//
// Scores are defined here, not in an adapter, so that every adapter answers alike (the
// contract suite checks them):
//   B(p)  the users with a PURCHASED edge to product p; P(u) the products user u bought.
//   R(p, u)  the BUYER_SAMPLE users of B(p) other than u with the latest purchase of p (by
//                `lastAt` desc, then user id asc); R(p) likewise with nobody left out.
//   coPurchases  score(q) = Σ_{p ∈ P(u)} co(p,q) / sqrt(|B(p)|·|B(q)|), co(p,q) = users of
//                R(p, u) who bought q; evidence: the p with the largest term.
//   interestMatches  score(q) = Σ over u's interests i that q has as a trait of weight(u,i)
//                + Σ over categories c of q of 0.5 · share of P(u) in c; evidence: each term.
//   popular      score(q) = |B(q)|, every available product (0 included).
//   similar      score(q) = co(p,q)/sqrt(|B(p)|·|B(q)|) + 0.1 · shared traits, co(p,q) = users
//                of R(p) who bought q, over products so bought or sharing a trait with p.
// Every list excludes unavailable products and (user queries) what the user bought, orders
// by score desc, then |B(q)| desc, then product id asc, and holds at most `limit` items.

/** A product trait, matched against interests: dimension lower-case, value compared case-insensitively. */
export interface Trait {
  readonly dimension: string;
  readonly value: string;
}

export interface GraphCategory {
  readonly id: string;
  readonly name: string;
}

/** A product as the graph holds it. */
export interface GraphProduct {
  readonly id: string;
  readonly categoryId: string | null;
  /** Orderable now (active, in stock). Unavailable products keep their edges but are never recommended. */
  readonly available: boolean;
  /** Category name, brand, each tag and each attribute (see `productTraits`); replaces the previous set. */
  readonly traits: readonly Trait[];
}

/** What a user bought of a product: `count` units over paid, unrefunded orders; 0 removes the edge. */
export interface PurchaseEdge {
  readonly userId: string;
  readonly productId: string;
  readonly count: number;
  readonly lastAt: Date;
}

export interface WeightedInterest extends Trait {
  /** 0..1 */
  readonly weight: number;
}

import type { Candidate as GraphCandidate } from '../../domain/recommendations/candidate';

export type { Candidate as GraphCandidate, Evidence } from '../../domain/recommendations/candidate';

export interface UserQuery {
  readonly companyId: string;
  readonly userId: string;
  readonly limit: number;
}

export interface ProductQuery {
  readonly companyId: string;
  readonly productId: string;
  readonly limit: number;
}

/** Thrown by an adapter (or its circuit breaker) when the graph cannot answer in time. */
export class GraphUnavailable extends Error {
  override readonly name = 'GraphUnavailable';
}

export interface RecommendationGraph {
  /** Creates constraints and indexes; repeated calls change nothing. */
  ensureSchema(): Promise<void>;
  /** Resolves when the graph answers; throws otherwise. */
  ping(): Promise<void>;

  /** Inserts or renames categories; repeated calls change nothing. */
  upsertCategories(companyId: string, categories: readonly GraphCategory[]): Promise<void>;
  /** Inserts or replaces products (availability, category and traits); their purchases are kept. */
  upsertProducts(companyId: string, products: readonly GraphProduct[]): Promise<void>;
  /** Sets each (user, product) purchase to the given count, creating users and products as needed; 0 removes it. */
  setPurchases(companyId: string, purchases: readonly PurchaseEdge[]): Promise<void>;
  /** Replaces every interest of the user (an empty list removes them all). */
  setInterests(companyId: string, userId: string, interests: readonly WeightedInterest[]): Promise<void>;
  /** Removes everything of the company (a rebuild starts here); other companies are untouched. */
  clearCompany(companyId: string): Promise<void>;

  /** Collaborative candidates (see the scores above); empty for a user with no purchases or an unknown user. */
  coPurchases(query: UserQuery): Promise<readonly GraphCandidate[]>;
  /** Content candidates from the user's interests and purchased categories; empty when it has neither. */
  interestMatches(query: UserQuery): Promise<readonly GraphCandidate[]>;
  /** Most-bought available products the user has not bought (every user, even unknown ones). */
  popular(query: UserQuery): Promise<readonly GraphCandidate[]>;
  /** Products like the given one; empty when the product is unknown. */
  similar(query: ProductQuery): Promise<readonly GraphCandidate[]>;
}
