import { z } from 'zod';
import type { RebuildJob } from '../../../application/recommendations/graph-rebuilds';
import type { Recommendations } from '../../../application/recommendations/get-recommendations';
import type { SimilarProducts } from '../../../application/recommendations/get-similar-products';
import type { Reason, RecommendedItem } from '../../../application/recommendations/present-candidates';
import { STRATEGIES } from '../../../domain/recommendations/candidate';
import { ProductOut, productOut } from './catalog-schemas';
import { Cursor, iso, Limit, NextCursor, presentOnce } from './common';

/** Pages of a ranking, as every list (SPEC §2): limit 1..100, default 20, and the cursor of the previous page. */
export const RecommendationsQuery = z.strictObject({ strategy: z.enum(STRATEGIES).default('blended'), limit: Limit, cursor: Cursor });
export const SimilarQuery = z.strictObject({ limit: Limit, cursor: Cursor });

const TraitOut = z.object({ dimension: z.string(), value: z.string() });
const ReasonOut = z.object({
  kind: z.enum(['co_purchase', 'interest', 'category', 'trait', 'popular']),
  detail: z.string().meta({ description: 'A sentence a shopper can read' }),
  productId: z.string().optional().meta({ description: 'co_purchase: the product that led here' }),
  interest: TraitOut.optional().meta({ description: 'interest: the interest matched' }),
  categoryId: z.string().optional(),
  trait: TraitOut.optional().meta({ description: 'trait: the trait shared with the product' }),
}).meta({ id: 'RecommendationReason' });

export const RecommendedItemOut = z.object({ product: ProductOut, score: z.number(), reasons: z.array(ReasonOut) }).meta({ id: 'Recommendation' });
const Degraded = z.boolean().meta({ description: 'True when the graph did not answer and the items come from the store\'s best sellers' });
export const RecommendationsOut = z
  .object({ items: z.array(RecommendedItemOut), nextCursor: NextCursor, strategy: z.enum(STRATEGIES), degraded: Degraded })
  .meta({ id: 'Recommendations' });
export const SimilarOut = z.object({ items: z.array(RecommendedItemOut), nextCursor: NextCursor, degraded: Degraded }).meta({ id: 'SimilarProducts' });

export const reasonOut = (r: Reason): z.infer<typeof ReasonOut> => ({ ...r });
/** Memoised per answer object: a cached answer is one shared object, presented once. */
export const recommendationsOut = presentOnce((r: Recommendations): z.infer<typeof RecommendationsOut> => ({
  items: r.items.map(recommendedItemOut),
  nextCursor: r.nextCursor,
  strategy: r.strategy,
  degraded: r.degraded,
}));
export const similarOut = presentOnce((s: SimilarProducts): z.infer<typeof SimilarOut> => ({
  items: s.items.map(recommendedItemOut),
  nextCursor: s.nextCursor,
  degraded: s.degraded,
}));
const recommendedItemOut = (i: RecommendedItem): z.infer<typeof RecommendedItemOut> => ({
  product: productOut(i.product),
  score: i.score,
  reasons: i.reasons.map(reasonOut),
});

export const RebuildJobOut = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  progress: z.object({
    phase: z.enum(['products', 'purchases', 'interests', 'done']),
    products: z.number().int(),
    purchases: z.number().int(),
    users: z.number().int(),
    skipped: z.number().int(),
  }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
}).meta({ id: 'GraphRebuild' });

export const rebuildJobOut = (job: RebuildJob): z.infer<typeof RebuildJobOut> => ({
  id: job.id,
  status: job.status,
  progress: { ...job.progress },
  startedAt: iso(job.startedAt),
  finishedAt: job.finishedAt ? iso(job.finishedAt) : null,
  error: job.error,
});
