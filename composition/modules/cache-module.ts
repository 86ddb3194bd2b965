// The cache (SPEC §3.6): Redis when REDIS_URL is set, else an in-process LRU. Either way the
// use cases see one CacheAside, and a cache that fails only makes answers uncached.
import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CacheAside } from '../../application/cache/cache-aside';
import { GetCacheStats, InvalidateCacheTag } from '../../application/cache/cache-admin';
import { cachePartition, tagsInvalidatedBy } from '../../application/cache/cache-keys';
import type { CommittedEvents } from '../../application/events/after-commit-unit-of-work';
import type { Cache } from '../../application/ports/cache';
import type { Clock } from '../../application/ports/clock';
import type { ReplicaBroadcast } from '../../application/ports/replica-broadcast';
import { ReplicatedLocalCache } from '../../application/cache/replicated-local-cache';
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
      (clock: Clock, broadcast: ReplicaBroadcast) =>
        config.REDIS_URL
          ? new RedisCache({
              url: config.REDIS_URL,
              cluster: config.REDIS_CLUSTER,
              keyPrefix: config.REDIS_KEY_PREFIX,
              // A company's entries, tags and counters share one hash slot (SPEC §1.2: Redis Cluster).
              partition: cachePartition,
              onError: (error) => log.warn({ err: error }, 'redis cache error'),
            })
          : localCache(new InMemoryLruCache({ maxEntries: config.CACHE_MAX_ENTRIES, clock, partition: cachePartition }), broadcast),
      [TOKENS.Clock, TOKENS.ReplicaBroadcast],
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
  const cache = config.REDIS_URL ? container.get<Cache>(TOKENS.Cache) : null;
  if (!(cache instanceof RedisCache)) return [];
  // A PING, not stats(): stats read every company's counters, and /ready is polled.
  return [{ name: 'cache:redis', critical: false, check: () => cache.ping() }];
}

export function adminCacheHttp(container: Container): RouteSpec[] {
  return adminCacheRoutes({ getCacheStats: container.get(GetCacheStats), invalidateCacheTag: container.get(InvalidateCacheTag) });
}

/**
 * The in-process cache, kept right across replicas when other processes share the store
 * (PostgreSQL without Redis). A process alone on its store (PGlite, memory) uses it bare, so a
 * cached read stays one Map lookup.
 */
function localCache(lru: InMemoryLruCache, broadcast: ReplicaBroadcast): Cache {
  return broadcast.crossesProcesses ? new ReplicatedLocalCache(lru, broadcast) : lru;
}
