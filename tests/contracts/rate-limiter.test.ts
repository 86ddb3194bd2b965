import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../application/ports/rate-limiter';
import { closeRedisClient, openRedisClient, redisReady, type RedisClient, type RedisClientOptions } from '../../adapters/redis/redis-client';
import { redisRateLimiterStore, type RedisRateLimiterOptions } from '../../adapters/redis/redis-rate-limiter';
import { FlexibleRateLimiter } from '../../adapters/security/flexible-rate-limiter';
import { MemoryRateLimiter } from '../../adapters/security/memory-rate-limiter';
import { startHoldingProxy } from '../support/holding-proxy';
import {
  deleteKeysUnder,
  deleteKeysUnderInCluster,
  redisAvailable,
  redisClusterAvailable,
  TEST_REDIS_CLUSTER_URL,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../support/redis';
import { rateLimiterContract, WINDOW_SECONDS } from './rate-limiter.contract';

const redisRateLimiter = (options: RedisRateLimiterOptions) => new FlexibleRateLimiter(redisRateLimiterStore(options));

describe('RateLimiter [memory]', () => {
  rateLimiterContract((points) => new MemoryRateLimiter({ points, durationSeconds: WINDOW_SECONDS }));
});

const allowedOf = async (limiter: RateLimiter, key: string, attempts: number) => {
  let allowed = 0;
  for (let i = 0; i < attempts; i += 1) if ((await limiter.consume(key)).allowed) allowed += 1;
  return allowed;
};

/** The contract and the cases every Redis deployment shares; each "replica" is a client of its own. */
function redisRateLimiterSuite(target: { url: string; cluster: boolean; deleteKeysUnder: (prefix: string) => Promise<void> }): void {
  const prefix = uniqueKeyPrefix();
  const clients: RedisClient[] = [];
  const replica = async (options: Partial<RedisClientOptions> = {}) => {
    const client = openRedisClient({ url: target.url, cluster: target.cluster, ...options });
    clients.push(client);
    await redisReady(client);
    return client;
  };
  let limiterCount = 0;
  const limiterOn = (client: RedisClient, points: number, name = `limit-${(limiterCount += 1)}`) =>
    redisRateLimiter({ client, keyPrefix: `${prefix}rl:${name}`, limit: { points, durationSeconds: WINDOW_SECONDS } });

  let shared: RedisClient | undefined;
  beforeAll(async () => {
    shared = await replica();
  });
  afterAll(async () => {
    await Promise.all(clients.map(closeRedisClient));
    await target.deleteKeysUnder(prefix);
  });

  describe('contract', () => {
    // Each limiter its own prefix, so the cases' keys never meet.
    rateLimiterContract((points) => {
      if (!shared) throw new Error('the client opens before the cases run');
      return limiterOn(shared, points);
    });
  });

  it('shares the count and the resets between replicas', async () => {
    const [a, b] = [limiterOn(await replica(), 3, 'login'), limiterOn(await replica(), 3, 'login')];
    expect(await a.consume('ada@example.com')).toEqual({ allowed: true });
    expect(await b.consume('ada@example.com')).toEqual({ allowed: true });
    expect(await a.consume('ada@example.com')).toEqual({ allowed: true });
    expect((await b.consume('ada@example.com')).allowed).toBe(false);
    expect((await a.consume('ada@example.com')).allowed).toBe(false);
    await b.reset('ada@example.com');
    expect(await a.consume('ada@example.com')).toEqual({ allowed: true });
  });

  it('keeps each limiter apart under its own prefix', async () => {
    const client = await replica();
    const [login, refresh] = [limiterOn(client, 1, 'login-apart'), limiterOn(client, 1, 'refresh-apart')];
    expect(await login.consume('10.0.0.1')).toEqual({ allowed: true });
    expect(await refresh.consume('10.0.0.1')).toEqual({ allowed: true });
    expect((await login.consume('10.0.0.1')).allowed).toBe(false);
  });
}

const redis = await redisAvailable();

describe.runIf(redis)(`RateLimiter [redis ${TEST_REDIS_URL}]`, () => {
  redisRateLimiterSuite({ url: TEST_REDIS_URL, cluster: false, deleteKeysUnder });
});

const redisCluster = await redisClusterAvailable();

describe.runIf(redisCluster)(`RateLimiter [redis cluster ${TEST_REDIS_CLUSTER_URL}]`, () => {
  redisRateLimiterSuite({ url: TEST_REDIS_CLUSTER_URL, cluster: true, deleteKeysUnder: deleteKeysUnderInCluster });
});

describe.runIf(redis)(`RateLimiter [redis ${TEST_REDIS_URL}, replies held back]`, () => {
  it('answers from the in-process insurance instead of waiting, and still refuses past the allowance', async () => {
    const prefix = uniqueKeyPrefix();
    const { hostname, port } = new URL(TEST_REDIS_URL);
    const proxy = await startHoldingProxy({ host: hostname, port: Number(port) });
    const client = openRedisClient({ url: `redis://127.0.0.1:${proxy.port}`, commandTimeoutMs: 100 });
    try {
      await redisReady(client);
      const limiter = redisRateLimiter({ client, keyPrefix: `${prefix}rl:login`, limit: { points: 2, durationSeconds: WINDOW_SECONDS } });
      expect(await limiter.consume('k')).toEqual({ allowed: true });
      // Redis now takes the commands and never answers: each one times out into the insurance,
      // which allows its own 2 attempts of this process and refuses the rest.
      proxy.hold();
      expect(await allowedOf(limiter, 'k', 5)).toBe(2);
      const refused = await limiter.consume('k');
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      await limiter.reset('k');
      expect(await limiter.consume('k')).toEqual({ allowed: true });
    } finally {
      await closeRedisClient(client);
      await proxy.close();
      await deleteKeysUnder(prefix);
    }
  });
});

describe('RateLimiter [redis unreachable]', () => {
  it.each([false, true])('limits per process with the insurance, answering at once, never failing (cluster: %s)', async (cluster) => {
    const errors: Error[] = [];
    const client = openRedisClient({ url: 'redis://127.0.0.1:1', cluster, onError: (error) => errors.push(error) });
    try {
      const limiter = redisRateLimiter({ client, keyPrefix: 'cg-test-unreachable:rl:login', limit: { points: 3, durationSeconds: WINDOW_SECONDS } });
      expect(await allowedOf(limiter, 'ada@example.com', 10)).toBe(3);
      expect(await limiter.consume('grace@example.com')).toEqual({ allowed: true });
      await limiter.reset('ada@example.com');
      expect(await limiter.consume('ada@example.com')).toEqual({ allowed: true });
      expect(errors.length).toBeLessThanOrEqual(1);
    } finally {
      await closeRedisClient(client);
    }
  });
});
