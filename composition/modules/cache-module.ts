// The cache (SPEC §3.6): Redis when REDIS_URL is set, else an in-process LRU. Either way the
// use cases see one CacheAside, and a cache that fails only makes answers uncached.
import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CacheAside } from '../../application/cache/cache-aside';
import { GetCacheStats, InvalidateCacheTag } from '../../application/cache/cache-admin';
import { tagsInvalidatedBy } from '../../application/cache/cache-keys';
import type { CommittedEvents } from '../../application/events/after-commit-unit-of-work';
import type { Cache } from '../../application/ports/cache';
import type { Clock } from '../../application/ports/clock';
import { adminCacheRoutes } from '../../adapters/http/routes/admin-cache-routes';
import type { RouteSpec } from '../../adapters/http/route';
import type { ReadinessCheck } from '../../adapters/http/server';
import { InMemoryLruCache } from '../../adapters/memory/in-memory-lru-cache';
import { RedisCache } from '../../adapters/redis/redis-cache';
import { PrometheusCacheMetrics } from '../../adapters/system/cache-metrics';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

export const cacheAdapterName = (config: Config): string => (config.REDIS_URL ? 'redis' : 'memory');

export function cacheModule(config: Config, logger: Logger): ContainerModule {
  const log = logger.child({ component: 'cache' });
  return new ContainerModule(({ bind }) => {
    // Redis expires entries by its own server clock; the in-process cache by the app's Clock.
    bind(TOKENS.Cache).toResolvedValue(
      (clock: Clock) =>
        config.REDIS_URL
          ? new RedisCache({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, onError: (error) => log.warn({ err: error }, 'redis cache error') })
          : new InMemoryLruCache({ maxEntries: config.CACHE_MAX_ENTRIES, clock }),
      [TOKENS.Clock],
    );
    bind(TOKENS.CacheAside).toResolvedValue(
      (cache: Cache, registry: Registry) => new CacheAside(cache, new PrometheusCacheMetrics(registry, log)),
      [TOKENS.Cache, TOKENS.Metrics],
    );
    bind(TOKENS.CommittedEvents).toResolvedValue(
      (cache: CacheAside): CommittedEvents =>
        async (events) => {
          await cache.invalidate(events.flatMap(tagsInvalidatedBy));
        },
      [TOKENS.CacheAside],
    );
    bind(GetCacheStats).toResolvedValue((cache: Cache) => new GetCacheStats(cache, cacheAdapterName(config)), [TOKENS.Cache]);
    bind(InvalidateCacheTag).toResolvedValue((cache: CacheAside) => new InvalidateCacheTag(cache), [TOKENS.CacheAside]);
  });
}

/** Redis is reported by `/ready` but does not make the API unready: without it answers are only slower. */
export function cacheReadiness(container: Container, config: Config): ReadinessCheck[] {
  if (!config.REDIS_URL) return [];
  const cache = container.get<Cache>(TOKENS.Cache);
  return [{ name: 'cache:redis', critical: false, check: async () => void (await cache.stats()) }];
}

export function adminCacheHttp(container: Container): RouteSpec[] {
  return adminCacheRoutes({ getCacheStats: container.get(GetCacheStats), invalidateCacheTag: container.get(InvalidateCacheTag) });
}
