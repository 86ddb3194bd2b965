import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { blend, type Candidate, type Strategy } from '../../domain/recommendations/candidate';
import { forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside, Codec } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { GraphUnavailable, type RecommendationGraph, type UserQuery } from '../ports/recommendation-graph';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';
import { overfetch, presentCandidates, recommendedItemsCodec, type RecommendedItem } from './present-candidates';

export interface GetRecommendationsInput {
  readonly actor: Actor;
  readonly userId: string;
  readonly strategy: Strategy;
  readonly limit: number;
}

export interface Recommendations {
  readonly items: readonly RecommendedItem[];
  readonly strategy: Strategy;
  /** True when the graph did not answer and the items are the store's best sellers. */
  readonly degraded: boolean;
}

export type GetRecommendationsError = AppError<'not_found' | 'forbidden'>;

/** Thrown out of a compute for a user the store does not know, so that nothing is cached. */
class UnknownUser extends Error {}

const codec: Codec<Recommendations> = {
  encode: (r) => ({ strategy: r.strategy, degraded: r.degraded, items: recommendedItemsCodec.encode(r.items) }),
  decode: (json) => {
    const r = json as { strategy: Strategy; degraded: boolean; items: never };
    return { strategy: r.strategy, degraded: r.degraded, items: recommendedItemsCodec.decode(r.items) };
  },
};

/**
 * GET /users/:id/recommendations (SPEC §3.5): customers read their own, staff anyone of the
 * company. The graph proposes; the store decides what is offered. When the graph does not
 * answer, the store's best sellers come back marked `degraded` (and are not cached).
 */
export class GetRecommendations {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: GetRecommendationsInput): Promise<Result<Recommendations, GetRecommendationsError>> {
    const { actor, userId, strategy, limit } = input;
    const { companyId } = actor;
    const known = this.uow.read(async (repos) => (await repos.users.byId(companyId, userId)) !== null);
    if (userId !== actor.userId && !isAtLeast(actor.role, 'staff')) {
      return (await known) ? err(forbidden('Customers read only their own recommendations')) : err(notFound('User'));
    }
    // The answer is worked out while the store looks the user up; a user it does not know gets
    // a 404 and nothing is cached for them (a rejected compute is not remembered).
    const recommendations = this.cache.getOrCompute(
      cacheKeys.recommendations(companyId, userId, strategy, limit),
      {
        ttlMs: CACHE_TTL_MS.recommendations,
        codec,
        cacheIf: (r) => !r.degraded,
        tags: (r) => [
          cacheTags.company(companyId),
          cacheTags.recommendations(companyId, userId),
          ...r.items.map((i) => cacheTags.product(companyId, i.product.id)),
        ],
      },
      async () => {
        const computed = await this.compute({ companyId, userId, limit }, strategy);
        if (!(await known)) throw new UnknownUser();
        return computed;
      },
    );
    try {
      const [exists, value] = await Promise.all([known, recommendations]);
      return exists ? ok(value) : err(notFound('User'));
    } catch (error) {
      if (error instanceof UnknownUser) return err(notFound('User'));
      throw error;
    }
  }

  private async compute(query: UserQuery, strategy: Strategy): Promise<Recommendations> {
    // The projection may not have seen the latest order yet; the store knows what was bought.
    // Asked first, so the store answers while the graph computes.
    const bought = this.uow.read(async (repos) => new Set((await repos.orders.purchasesOf(query.companyId, query.userId)).map((p) => p.productId)));
    let candidates: readonly Candidate[];
    try {
      candidates = await this.candidates({ ...query, limit: overfetch(query.limit) }, strategy);
    } catch (error) {
      await bought.catch(() => undefined);
      if (!(error instanceof GraphUnavailable)) throw error;
      const boughtIds = await bought;
      const items = await this.uow.read((repos) => storeBestSellers(repos, query, boughtIds));
      return { items, strategy, degraded: true };
    }
    const boughtIds = await bought;
    const offered = candidates.filter((c) => !boughtIds.has(c.productId));
    const items = await this.uow.read((repos) => presentCandidates(repos, query.companyId, offered, query.limit));
    return { items, strategy, degraded: false };
  }

  private async candidates(query: UserQuery, strategy: Strategy): Promise<readonly Candidate[]> {
    switch (strategy) {
      case 'collaborative':
        return this.graph.coPurchases(query);
      case 'content':
        return this.graph.interestMatches(query);
      case 'popular':
        return this.graph.popular(query);
      case 'blended': {
        const [collaborative, content, popular] = await Promise.all([
          this.graph.coPurchases(query),
          this.graph.interestMatches(query),
          this.graph.popular(query),
        ]);
        return blend({ collaborative, content, popular });
      }
    }
  }
}

/** The popularity fallback, from the store alone: best sellers on offer that the user has not bought. */
async function storeBestSellers(repos: Repositories, query: UserQuery, bought: ReadonlySet<string>): Promise<RecommendedItem[]> {
  const { companyId, limit } = query;
  const page = await repos.products.search({
    companyId,
    statuses: ['active'],
    inStock: true,
    sort: 'popularity',
    page: { limit: Math.min(limit + bought.size, 500) },
  });
  const offered = page.items.filter((p) => !bought.has(p.id)).slice(0, limit);
  return offered.map((product, rank) => ({
    product,
    score: Math.round((1 - rank / Math.max(offered.length, 1)) * 10_000) / 10_000,
    reasons: [{ kind: 'popular', detail: 'A best seller in this shop' }],
  }));
}
