// A RateLimiter shared by every replica (SPEC §1.2): the count lives in Redis (one key per limited
// key, so one slot on a Cluster). While Redis is away the limit still holds, counted per process.
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimit } from '../../application/ports/rate-limiter';
import type { RedisClient } from './redis-client';

export interface RedisRateLimiterOptions {
  /** Opened with `openRedisClient` (fail-fast); shared by the process's limiters and closed by its owner. */
  readonly client: RedisClient;
  /** This limiter's own namespace, e.g. `cg:rl:login`: its keys are `<keyPrefix>:<key>`. */
  readonly keyPrefix: string;
  readonly limit: RateLimit;
}

/**
 * The store of a limiter shared by every replica: wrap it in the security adapters' FlexibleRateLimiter.
 * Its insurance, a RateLimiterMemory of the same allowance, counts while Redis is away.
 */
export function redisRateLimiterStore(options: RedisRateLimiterOptions): RateLimiterRedis {
  const { points, durationSeconds: duration } = options.limit;
  return new RateLimiterRedis({
    storeClient: options.client,
    keyPrefix: options.keyPrefix,
    points,
    duration,
    // Not ready (connecting, reconnecting): straight to the insurance, no command is even sent.
    // A command that fails or outlives the client's commandTimeout goes there as well, so a
    // login never waits on Redis nor gets a 5xx, and attempts are never unlimited.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: options.keyPrefix, points, duration }),
  });
}
