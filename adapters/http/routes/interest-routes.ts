import { z } from 'zod';
import type { GetInterests, ReplaceInterests } from '../../../application/interests/interests';
import type { AddToWatchlist, ListWatchlist, RemoveFromWatchlist } from '../../../application/interests/watchlist';
import { mapPage } from '../../../domain/shared/page';
import { answer, route, type RouteSpec } from '../route';
import { PageQuery, pageOf } from '../schemas/common';
import { InterestOut, InterestsBody, ProductIdParams, UserIdParams, WatchBody, WatchOut, interestOut, watchOut } from '../schemas/interest-schemas';

export interface InterestUseCases {
  readonly getInterests: GetInterests;
  readonly replaceInterests: ReplaceInterests;
  readonly addToWatchlist: AddToWatchlist;
  readonly listWatchlist: ListWatchlist;
  readonly removeFromWatchlist: RemoveFromWatchlist;
}

export function interestRoutes(uc: InterestUseCases): RouteSpec[] {
  const tag = 'Interests';
  const Interests = z.object({ items: z.array(InterestOut) });
  return [
    route({
      method: 'get', path: '/users/me/watchlist', operationId: 'listWatchlist', tag, auth: 'user', summary: 'The caller\'s watched products',
      query: PageQuery,
      responses: { 200: { description: 'A page of the watchlist, newest first', schema: pageOf(WatchOut) } },
      handle: async ({ actor, query }) => answer(await uc.listWatchlist.execute({ actor, page: query }), 200, (page) => mapPage(page, watchOut)),
    }),
    route({
      method: 'post', path: '/users/me/watchlist', operationId: 'addWatchlistItem', tag, auth: 'user', summary: 'Watch a product, optionally with a target price',
      body: WatchBody,
      errors: [404],
      responses: { 201: { description: 'Added', schema: WatchOut }, 200: { description: 'Target updated', schema: WatchOut } },
      handle: async ({ actor, body }) => {
        const result = await uc.addToWatchlist.execute({ actor, productId: body.productId, targetPrice: body.targetPrice });
        return answer(result, result.ok && !result.value.created ? 200 : 201, watchOut);
      },
    }),
    route({
      method: 'delete', path: '/users/me/watchlist/:productId', operationId: 'removeWatchlistItem', tag, auth: 'user', summary: 'Stop watching a product',
      params: ProductIdParams,
      responses: { 204: { description: 'Removed' } },
      handle: async ({ actor, params }) => answer(await uc.removeFromWatchlist.execute({ actor, productId: params.productId }), 204),
    }),
    route({
      method: 'get', path: '/users/:id/interests', operationId: 'getUserInterests', tag, auth: 'user', summary: 'Explicit and inferred interests (self or staff+)',
      params: UserIdParams, query: PageQuery,
      errors: [403],
      responses: { 200: { description: 'A page of interests, strongest first', schema: pageOf(InterestOut) } },
      handle: async ({ actor, params, query }) =>
        answer(await uc.getInterests.execute({ actor, userId: params.id, page: query }), 200, (page) => mapPage(page, interestOut)),
    }),
    route({
      method: 'put', path: '/users/:id/interests', operationId: 'replaceUserInterests', tag, auth: 'user', summary: 'Replace the explicit interests (self or staff+)',
      params: UserIdParams, body: InterestsBody,
      errors: [403],
      responses: { 200: { description: 'All interests after the change', schema: Interests } },
      handle: async ({ actor, params, body }) =>
        answer(await uc.replaceInterests.execute({ actor, userId: params.id, interests: body.interests }), 200, (items) => ({ items: items.map(interestOut) })),
    }),
  ];
}
