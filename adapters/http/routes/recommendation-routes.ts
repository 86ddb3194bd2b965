// Recommendations, similar products and the graph rebuild (SPEC §3.5).
import type { GetRecommendations } from '../../../application/recommendations/get-recommendations';
import type { GetSimilarProducts } from '../../../application/recommendations/get-similar-products';
import type { GraphRebuilds } from '../../../application/recommendations/graph-rebuilds';
import { answer, route, type RouteSpec } from '../route';
import { IdParams } from '../schemas/common';
import {
  RebuildJobOut, RecommendationsOut, RecommendationsQuery, SimilarOut, SimilarQuery, rebuildJobOut, recommendationsOut, similarOut,
} from '../schemas/recommendation-schemas';

export interface RecommendationUseCases {
  readonly getRecommendations: GetRecommendations;
  readonly getSimilarProducts: GetSimilarProducts;
  readonly graphRebuilds: GraphRebuilds;
}

export function recommendationRoutes(uc: RecommendationUseCases): RouteSpec[] {
  const tag = 'Recommendations';
  return [
    route({
      method: 'get', path: '/users/:id/recommendations', operationId: 'getRecommendations', tag, auth: 'user',
      summary: 'Products for the user, with scores and reasons (self, or staff+ for anyone of the company)',
      params: IdParams, query: RecommendationsQuery,
      errors: [403],
      responses: { 200: { description: 'A page of recommendations, best first; `degraded` when the graph did not answer', schema: RecommendationsOut } },
      handle: async ({ actor, params, query }) =>
        answer(
          await uc.getRecommendations.execute({ actor, userId: params.id, strategy: query.strategy, page: { limit: query.limit, cursor: query.cursor } }),
          200,
          recommendationsOut,
        ),
    }),
    route({
      method: 'get', path: '/products/:id/similar', operationId: 'listSimilarProducts', tag, auth: 'user', summary: 'Products bought with this one or sharing its traits',
      params: IdParams, query: SimilarQuery,
      responses: { 200: { description: 'A page of similar products, best first; `degraded` when the graph did not answer', schema: SimilarOut } },
      handle: async ({ actor, params, query }) => answer(await uc.getSimilarProducts.execute({ actor, productId: params.id, page: query }), 200, similarOut),
    }),
    route({
      method: 'post', path: '/admin/graph/rebuild', operationId: 'startGraphRebuild', tag, auth: 'user',
      summary: 'Rebuild the company\'s knowledge graph from the store (admin+); follow it at /admin/graph/rebuilds/:id',
      errors: [403],
      responses: {
        202: { description: 'Started', schema: RebuildJobOut, headers: { Location: 'Where to follow the rebuild' } },
        200: { description: 'A rebuild was already running: that one', schema: RebuildJobOut, headers: { Location: 'Where to follow the rebuild' } },
      },
      handle: async ({ actor }) => {
        const result = await uc.graphRebuilds.start(actor);
        if (!result.ok) return result.error;
        const { job, started } = result.value;
        return { status: started ? 202 : 200, body: rebuildJobOut(job), headers: { Location: `/api/v1/admin/graph/rebuilds/${job.id}` } };
      },
    }),
    route({
      method: 'get', path: '/admin/graph/rebuilds/:id', operationId: 'getGraphRebuild', tag, auth: 'user', summary: 'A rebuild\'s status and progress (admin+)',
      params: IdParams,
      errors: [403],
      responses: { 200: { description: 'The rebuild', schema: RebuildJobOut } },
      handle: async ({ actor, params }) => answer(await uc.graphRebuilds.get(actor, params.id), 200, rebuildJobOut),
    }),
  ];
}
