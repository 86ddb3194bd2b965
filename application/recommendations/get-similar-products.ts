import type { Actor } from '../../domain/identity/actor';
import type { Candidate } from '../../domain/recommendations/candidate';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { CacheAside, Codec } from '../cache/cache-aside';
import { CACHE_TTL_MS, cacheKeys, cacheTags } from '../cache/cache-keys';
import { visibleProduct } from '../catalog/get-product';
import { GraphUnavailable, type RecommendationGraph } from '../ports/recommendation-graph';
import type { UnitOfWork } from '../ports/unit-of-work';
import { isOffered, overfetch, presentCandidates, recommendedItemsCodec, type RecommendedItem } from './present-candidates';

export interface SimilarProducts {
  readonly items: readonly RecommendedItem[];
  /** True when the graph did not answer and the items are best sellers of the same category. */
  readonly degraded: boolean;
}

const codec: Codec<SimilarProducts> = {
  encode: (s) => ({ degraded: s.degraded, items: recommendedItemsCodec.encode(s.items) }),
  decode: (json) => {
    const s = json as { degraded: boolean; items: never };
    return { degraded: s.degraded, items: recommendedItemsCodec.decode(s.items) };
  },
};

/** GET /products/:id/similar (SPEC §3.5): co-purchases and shared traits, for anyone who may see the product. */
export class GetSimilarProducts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly graph: RecommendationGraph,
    private readonly cache: CacheAside,
  ) {}

  async execute(input: { actor: Actor; productId: string; limit: number }): Promise<Result<SimilarProducts, AppError<'not_found'>>> {
    const { actor, productId, limit } = input;
    const { companyId } = actor;
    const product = await this.uow.read((repos) => visibleProduct(repos, actor, productId));
    if (!product) return err(notFound('Product'));
    const similar = await this.cache.getOrCompute(
      cacheKeys.similar(companyId, productId, limit),
      {
        ttlMs: CACHE_TTL_MS.recommendations,
        codec,
        cacheIf: (s) => !s.degraded,
        tags: (s) => [cacheTags.company(companyId), cacheTags.product(companyId, productId), ...s.items.map((i) => cacheTags.product(companyId, i.product.id))],
      },
      async () => {
        let candidates: readonly Candidate[];
        try {
          candidates = await this.graph.similar({ companyId, productId, limit: overfetch(limit) });
        } catch (error) {
          if (!(error instanceof GraphUnavailable)) throw error;
          return { items: await this.sameCategory(companyId, product.id, product.categoryId, limit), degraded: true };
        }
        return { items: await this.uow.read((repos) => presentCandidates(repos, companyId, candidates, limit)), degraded: false };
      },
    );
    return ok(similar);
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
      .map((product) => ({ product, score: 0, reasons: [{ kind: 'category', detail: 'A best seller in the same category', categoryId }] }));
  }
}
