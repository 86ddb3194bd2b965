// Operator endpoints of SPEC §3.6: cache figures and tag invalidation (admin+).
import { z } from 'zod';
import type { GetCacheStats, InvalidateCacheTag } from '../../../application/cache/cache-admin';
import { answer, route, type RouteSpec } from '../route';

export interface AdminCacheUseCases {
  readonly getCacheStats: GetCacheStats;
  readonly invalidateCacheTag: InvalidateCacheTag;
}

const CacheStatsOut = z.object({
  hits: z.number().int(),
  misses: z.number().int(),
  hitRatio: z.number(),
  keys: z.number().int(),
  memoryBytes: z.number().int().nullable(),
  adapter: z.string(),
  reachable: z.boolean(),
});

const TagQuery = z.strictObject({
  tag: z.string().min(1).max(300).meta({ description: '`all`, `search`, `product:<id>` or `recommendations:<userId>`, within your company' }),
});

export function adminCacheRoutes(uc: AdminCacheUseCases): RouteSpec[] {
  const tag = 'System';
  return [
    route({
      method: 'get', path: '/admin/cache/stats', operationId: 'getCacheStats', tag, auth: 'user', summary: 'Cache hits, misses, keys and memory (admin+)',
      errors: [403],
      responses: { 200: { description: 'Cache figures', schema: CacheStatsOut } },
      handle: async ({ actor }) => answer(await uc.getCacheStats.execute(actor), 200),
    }),
    route({
      method: 'delete', path: '/admin/cache', operationId: 'invalidateCacheTag', tag, auth: 'user', summary: 'Drop the cached entries carrying a tag (admin+)',
      query: TagQuery,
      errors: [403, 503],
      responses: {
        200: { description: 'How many entries went', schema: z.object({ tag: z.string(), removed: z.number().int() }) },
      },
      handle: async ({ actor, query }) => answer(await uc.invalidateCacheTag.execute({ actor, tag: query.tag }), 200),
    }),
  ];
}
