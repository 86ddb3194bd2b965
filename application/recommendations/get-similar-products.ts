import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import type { Candidate } from '../../domain/recommendations/candidate';
import { notFound, type AppError } from '../../domain/shared/errors';
import type { PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside, Codec } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { visibleProduct } from '../catalog/get-product';
import { GraphUnavailable, type RecommendationGraph } from '../ports/recommendation-graph';
import type { UnitOfWork } from '../ports/unit-of-work';
import { isOffered, presentCandidates, recommendedItemsCodec, type RecommendedItem } from './present-candidates';
import { depthFor, pageOfRanking, RANKING_SIZE, scoreOfRank, type RankedPage, type RankingDepth } from './ranked-pages';

export interface GetSimilarProductsInput {
  readonly actor: Actor;
  readonly productId: string;
  readonly page: PageRequest;
}

/** The product's ranking, best first, as cached: the answer is a page of it. */
interface Ranking {
  readonly items: readonly RecommendedItem[];
  /** True when the graph did not answer and the items are best sellers of the same category. */
  readonly degraded: boolean;
}

/** A page of the similar products, best first, and whether the graph answered. */
export type SimilarProducts = RankedPage<Ranking>;

const codec: Codec<Ranking> = {
  encode: (s) => ({ degraded: s.degraded, items: recommendedItemsCodec.encode(s.items) }),
  decode: (json) => {
    const s = json as { degraded: boolean; items: never };
    return { degraded: s.degraded, items: recommendedItemsCodec.decode(s.items) };
  },
};

/**
 * GET /products/:id/similar (SPEC §3.5): co-purchases and shared traits, for anyone who may see
 * the product. The ranking is worked out and cached whole (see ranked-pages.ts); each request
 * gets a page of it.
 */
export class GetSimilarProducts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: GetSimilarProductsInput): Promise<Result<SimilarProducts, AppError<'not_found'>>> {
    const { actor, productId, page } = input;
    const { companyId } = actor;
    const depth = depthFor(page);
    const product = await this.uow.read((repos) => visibleProduct(repos, actor, productId));
    if (!product) return err(notFound('Product'));
    const ranking = await this.cache.getOrCompute(
      cacheKeys.similar(companyId, productId, depth),
      {
        ttlMs: CACHE_TTL_MS.recommendations,
        codec,
        cacheIf: (s) => !s.degraded,
        tags: (s) => [cacheTags.company(companyId), cacheTags.product(companyId, productId), ...s.items.map((i) => cacheTags.product(companyId, i.product.id))],
      },
      () => this.compute(companyId, product, depth),
    );
    return ok(pageOfRanking(ranking, page));
  }

  /** The graph is asked for as many candidates as the full ranking holds whatever the depth, so a short ranking is a prefix of the full one. */
  private async compute(companyId: string, product: Product, depth: RankingDepth): Promise<Ranking> {
    const limit = RANKING_SIZE[depth];
    let candidates: readonly Candidate[];
    try {
      candidates = await this.graph.similar({ companyId, productId: product.id, limit: RANKING_SIZE.all });
    } catch (error) {
      if (!(error instanceof GraphUnavailable)) throw error;
      return { items: await this.sameCategory(companyId, product.id, product.categoryId, limit), degraded: true };
    }
    return { items: await this.uow.read((repos) => presentCandidates(repos, companyId, candidates, limit)), degraded: false };
  }

  /** The fallback: best sellers of the same category, from the store. */
  private async sameCategory(companyId: string, productId: string, categoryId: string | null, limit: number): Promise<RecommendedItem[]> {
    if (!categoryId) return [];
    const page = await this.uow.read((repos) =>
      repos.products.search({ companyId, categoryId, statuses: ['active'], inStock: true, sort: 'popularity', page: { limit: limit + 1 } }),
    );
    return page.items
      .filter((p) => p.id !== productId && isOffered(p))
      .slice(0, limit)
      .map((product, rank) => ({ product, score: scoreOfRank(rank), buyers: 0, reasons: [{ kind: 'category', detail: 'A best seller in the same category', categoryId }] }));
  }
}
