import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { blend, type Candidate, type Strategy } from '../../domain/recommendations/candidate';
import { forbidden, notFound, type AppError } from '../../domain/shared/errors';
import type { PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside, Codec } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { GraphUnavailable, type RecommendationGraph, type UserQuery } from '../ports/recommendation-graph';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';
import { presentCandidates, recommendedItemsCodec, type RecommendedItem } from './present-candidates';
import { depthFor, pageOfRanking, RANKING_SIZE, scoreOfRank, type RankedPage } from './ranked-pages';
import { storeBestSellers } from './store-best-sellers';

export interface GetRecommendationsInput {
  readonly actor: Actor;
  readonly userId: string;
  readonly strategy: Strategy;
  readonly page: PageRequest;
}

/** The user's ranking, best first, as cached: the answer is a page of it. */
interface Ranking {
  readonly items: readonly RecommendedItem[];
  readonly strategy: Strategy;
  /** True when the graph did not answer and the items are the store's best sellers. */
  readonly degraded: boolean;
}

/** A page of the user's recommendations, best first, with the strategy and whether the graph answered. */
export type Recommendations = RankedPage<Ranking>;

export type GetRecommendationsError = AppError<'not_found' | 'forbidden'>;

/**
 * How many of each source's best go into the blend: the length the weights were chosen with on
 * bench/recommendations. Longer lists let best sellers with a faint co-purchase overtake strong
 * co-purchases (blended hit-rate@10 0.155 → 0.141 with lists of 100, on 3,000 users). A blended
 * ranking so holds the union of three lists of 30, fewer than 100 items when they overlap.
 */
const BLEND_DEPTH = 30;

/** Thrown out of a compute for a user the store does not know, so that nothing is cached. */
class UnknownUser extends Error {}

const codec: Codec<Ranking> = {
  encode: (r) => ({ strategy: r.strategy, degraded: r.degraded, items: recommendedItemsCodec.encode(r.items) }),
  decode: (json) => {
    const r = json as { strategy: Strategy; degraded: boolean; items: never };
    return { strategy: r.strategy, degraded: r.degraded, items: recommendedItemsCodec.decode(r.items) };
  },
};

/**
 * GET /users/:id/recommendations (SPEC §3.5): customers read their own, staff anyone of the
 * company. The graph proposes; the store decides what is offered. When the graph does not
 * answer, the store's best sellers come back marked `degraded` (and are not cached). The
 * ranking is worked out and cached whole (see ranked-pages.ts); each request gets a page of it.
 */
export class GetRecommendations {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: GetRecommendationsInput): Promise<Result<Recommendations, GetRecommendationsError>> {
    const { actor, userId, strategy, page } = input;
    const { companyId } = actor;
    const depth = depthFor(page);
    const known = this.uow.read(async (repos) => (await repos.users.byId(companyId, userId)) !== null);
    if (userId !== actor.userId && !isAtLeast(actor.role, 'staff')) {
      return (await known) ? err(forbidden('Customers read only their own recommendations')) : err(notFound('User'));
    }
    // The answer is worked out while the store looks the user up; a user it does not know gets
    // a 404 and nothing is cached for them (a rejected compute is not remembered).
    const ranking = this.cache.getOrCompute(
      cacheKeys.recommendations(companyId, userId, strategy, depth),
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
        const computed = await this.compute({ companyId, userId, limit: RANKING_SIZE[depth] }, strategy);
        if (!(await known)) throw new UnknownUser();
        return computed;
      },
    );
    try {
      const [exists, value] = await Promise.all([known, ranking]);
      return exists ? ok(pageOfRanking(value, page)) : err(notFound('User'));
    } catch (error) {
      if (error instanceof UnknownUser) return err(notFound('User'));
      throw error;
    }
  }

  /** The best `query.limit` items. The graph is asked alike whatever the depth, so that a short ranking is a prefix of the full one. */
  private async compute(query: UserQuery, strategy: Strategy): Promise<Ranking> {
    // The projection may not have seen the latest order yet; the store knows what was bought.
    // Asked first, so the store answers while the graph computes.
    const bought = this.uow.read(async (repos) => new Set((await repos.orders.purchasesOf(query.companyId, query.userId)).map((p) => p.productId)));
    let candidates: readonly Candidate[];
    try {
      candidates = await this.candidates({ ...query, limit: RANKING_SIZE.all }, strategy);
    } catch (error) {
      await bought.catch(() => undefined);
      if (!(error instanceof GraphUnavailable)) throw error;
      const boughtIds = await bought;
      const items = await this.uow.read((repos) => bestSellerItems(repos, query, boughtIds));
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
        const sources = { ...query, limit: BLEND_DEPTH };
        const [collaborative, content, popular] = await Promise.all([
          this.graph.coPurchases(sources),
          this.graph.interestMatches(sources),
          this.graph.popular(sources),
        ]);
        return blend({ collaborative, content, popular });
      }
    }
  }
}

/** The popularity fallback, from the store alone: best sellers on offer that the user has not bought. */
async function bestSellerItems(repos: Repositories, query: UserQuery, bought: ReadonlySet<string>): Promise<RecommendedItem[]> {
  const offered = await storeBestSellers(repos, query.companyId, query.limit, bought);
  return offered.map((product, rank) => ({
    product,
    score: scoreOfRank(rank),
    buyers: 0,
    reasons: [{ kind: 'popular', detail: 'A best seller in this shop' }],
  }));
}
