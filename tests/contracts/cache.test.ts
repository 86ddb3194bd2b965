import { afterAll, describe, expect, it } from 'vitest';
import { cachePartition } from '../../application/cache/cache-keys';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryLruCache } from '../../adapters/memory/in-memory-lru-cache';
import { RedisCache } from '../../adapters/redis/redis-cache';
import { eventually } from '../support/eventually';
import {
  adminClient,
  clusterAdminClient,
  deleteKeysUnder,
  deleteKeysUnderInCluster,
  keysUnderInCluster,
  redisAvailable,
  redisClusterAvailable,
  TEST_REDIS_CLUSTER_URL,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../support/redis';
import { cacheContract } from './cache.contract';

const LONG = 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('Cache [memory]', () => {
  const clock = new FixedClock();
  cacheContract(
    async () => new InMemoryLruCache({ maxEntries: 1_000, clock, partition: cachePartition }),
    async (ms) => clock.advance(ms),
  );

  it('evicts the least recently used entries past maxEntries, and drops them from their tags', async () => {
    const cache = new InMemoryLruCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.set(key, key, { ttlMs: LONG, tags: ['t', `own-${key}`] });
    await cache.get('a');
    await cache.set('d', 'd', { ttlMs: LONG, tags: ['t'] });
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('a');
    const index = (cache as unknown as { keysByTag: Map<string, Set<string>> }).keysByTag;
    expect([...(index.get('t') ?? [])].sort()).toEqual(['a', 'c', 'd']);
    expect(index.has('own-b')).toBe(false);
    expect(await cache.invalidateTags(['t'])).toBe(3);
    expect(index.size).toBe(0);
    expect(await cache.stats()).toMatchObject({ keys: 0, memoryBytes: 0 });
  });

  it('answers getNow at once as get does, counting hits and misses alike, and refuses once closed', async () => {
    const cache = new InMemoryLruCache();
    await cache.set('k', { a: [1] }, { ttlMs: LONG, tags: ['t'] });
    expect(cache.getNow('k')).toEqual({ a: [1] });
    expect(cache.getNow('k')).toBe(await cache.get('k'));
    expect(cache.getNow('missing')).toBeUndefined();
    expect(await cache.stats()).toMatchObject({ hits: 3, misses: 1 });
    await cache.invalidateTags(['t']);
    expect(cache.getNow('k')).toBeUndefined();
    await cache.close();
    expect(() => cache.getNow('k')).toThrow(/closed/);
  });

  it('evicts past maxBytes and refuses an entry larger than the whole bound', async () => {
    const cache = new InMemoryLruCache({ maxEntries: 1_000, maxBytes: 100 });
    const forty = 'x'.repeat(38); // JSON text of 40 characters
    for (const key of ['1', '2', '3']) await cache.set(key, forty, { ttlMs: LONG, tags: ['t'] });
    expect(await cache.get('1')).toBeUndefined();
    expect((await cache.stats()).memoryBytes).toBeLessThanOrEqual(100);
    await cache.set('2', 'y'.repeat(200), { ttlMs: LONG, tags: ['t'] });
    expect(await cache.get('2')).toBeUndefined();
    expect(await cache.invalidateTags(['t'])).toBe(1);
  });

  it('expires entries by the injected clock', async () => {
    const clock = new FixedClock();
    const cache = new InMemoryLruCache({ clock });
    await cache.set('k', 1, { ttlMs: 1_000, tags: ['t'] });
    clock.advance(1_000);
    expect(await cache.get('k')).toBe(1);
    clock.advance(1);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.stats()).toMatchObject({ keys: 0, memoryBytes: 0 });
  });
});

/** What the Redis cases need to know of a server or a cluster: how to reach it, and to look at or clear its keys. */
interface RedisTarget {
  readonly url: string;
  readonly cluster: boolean;
  /** Runs `use` with a client for the tests' own commands (`pttl`, `exists`), and the keys under a prefix. */
  inspect<T>(use: (admin: { pttl(key: string): Promise<number>; exists(key: string): Promise<number> }, keysUnder: (prefix: string) => Promise<string[]>) => Promise<T>): Promise<T>;
  deleteKeysUnder(prefix: string): Promise<void>;
}

const singleServer: RedisTarget = {
  url: TEST_REDIS_URL,
  cluster: false,
  async inspect(use) {
    const admin = adminClient();
    await admin.connect();
    try {
      return await use(admin, (prefix) => admin.keys(`${prefix}*`));
    } finally {
      await admin.quit();
    }
  },
  deleteKeysUnder,
};

const cluster: RedisTarget = {
  url: TEST_REDIS_CLUSTER_URL,
  cluster: true,
  async inspect(use) {
    const admin = await clusterAdminClient();
    try {
      return await use(admin, (prefix) => keysUnderInCluster(prefix, admin));
    } finally {
      await admin.quit();
    }
  },
  deleteKeysUnder: deleteKeysUnderInCluster,
};

/** The contract and the cases every Redis deployment shares; returns an opener for more cases. */
function redisCacheSuite(target: RedisTarget): (keyPrefix?: string, connectionName?: string) => Promise<RedisCache> {
  const prefixes: string[] = [];
  const clients: RedisCache[] = [];
  const openRedis = async (keyPrefix = uniqueKeyPrefix(), connectionName?: string) => {
    if (!prefixes.includes(keyPrefix)) prefixes.push(keyPrefix);
    const cache = new RedisCache({ url: target.url, cluster: target.cluster, keyPrefix, connectionName, partition: cachePartition });
    await cache.ready();
    return cache;
  };
  /** For the adapter-specific cases, which close their caches here. */
  const tracked = async (...args: Parameters<typeof openRedis>) => {
    const cache = await openRedis(...args);
    clients.push(cache);
    return cache;
  };

  afterAll(async () => {
    await Promise.all(clients.map((cache) => cache.close()));
    for (const prefix of prefixes) await target.deleteKeysUnder(prefix);
    const left = await target.inspect((_, keysUnder) => Promise.all(prefixes.map(keysUnder)));
    expect(left.flat()).toEqual([]);
  });

  // Redis expires keys by its own clock: time has to pass for real.
  cacheContract(() => openRedis(), sleep);

  it('shares hit and miss counts between clients of one prefix', async () => {
    const prefix = uniqueKeyPrefix();
    const [a, b] = [await tracked(prefix), await tracked(prefix)];
    await a.set('k', 1, { ttlMs: LONG, tags: [] });
    await a.get('k');
    await b.get('k');
    await b.get('missing');
    await b.get('c:other:missing');
    expect(await a.stats()).toMatchObject({ hits: 2, misses: 2, keys: 1 });
    expect((await b.stats()).memoryBytes).toBeGreaterThan(0);
  });

  it('keeps tag sets alive as long as their longest member, and lets everything expire', async () => {
    const prefix = uniqueKeyPrefix();
    const cache = await tracked(prefix);
    const tagKey = (tag: string) => `${prefix}{c:co}t:${tag}`;
    await target.inspect(async (admin, keysUnder) => {
      await cache.set('c:co:long', 1, { ttlMs: LONG, tags: ['c:co:shared'] });
      await cache.set('c:co:short', 2, { ttlMs: 80, tags: ['c:co:shared', 'c:co:brief'] });
      expect(await admin.pttl(tagKey('c:co:shared'))).toBeGreaterThan(LONG / 2);
      expect(await admin.pttl(tagKey('c:co:brief'))).toBeLessThanOrEqual(80);
      await sleep(250);
      expect(await admin.exists(tagKey('c:co:brief'))).toBe(0);
      expect(await cache.invalidateTags(['c:co:shared'])).toBe(1);
      await cache.set('c:co:short-again', 3, { ttlMs: 80, tags: ['c:co:brief'] });
      expect(await cache.get('c:co:short-again')).toBe(3);
      await sleep(250);
      // Only the shared counters and the registry of partitions outlive the entries.
      expect((await keysUnder(prefix)).sort()).toEqual([`${prefix}partitions`, `${prefix}{c:co}stats`]);
    });
  });

  return tracked;
}

const redis = await redisAvailable();

describe.runIf(redis)(`Cache [redis ${TEST_REDIS_URL}]`, () => {
  const tracked = redisCacheSuite(singleServer);

  it('reconnects and serves again after its server connection is killed', async () => {
    const name = `cg-test-kill-${Math.random().toString(36).slice(2, 10)}`;
    const cache = await tracked(undefined, name);
    await cache.set('k', 'before', { ttlMs: LONG, tags: [] });
    const admin = adminClient();
    await admin.connect();
    try {
      const list = (await admin.client('LIST')) as string;
      const id = /(?:^|\n)id=(\d+) .*\bname=(\S*)/g;
      const ids = [...list.matchAll(id)].filter((m) => m[2] === name).map((m) => m[1] ?? '');
      expect(ids).toHaveLength(1);
      expect(await admin.client('KILL', 'ID', ids[0] ?? '')).toBe(1);
    } finally {
      await admin.quit();
    }
    // Right after the kill a call may reject (never hang); the client comes back by itself.
    await cache.get('k').catch(() => undefined);
    const value = await eventually(
      () => cache.get('k').catch(() => 'unavailable'),
      (v) => v === 'before',
      'the cache to reconnect',
      5_000,
    );
    expect(value).toBe('before');
  });
});

const redisCluster = await redisClusterAvailable();

describe.runIf(redisCluster)(`Cache [redis cluster ${TEST_REDIS_CLUSTER_URL}]`, () => {
  const tracked = redisCacheSuite(cluster);

  it('spreads companies over the nodes, and still invalidates, counts and expires exactly', async () => {
    const prefix = uniqueKeyPrefix();
    const cache = await tracked(prefix);
    const companies = Array.from({ length: 24 }, (_, i) => `c:company-${i}`);
    await Promise.all(
      companies.flatMap((c) => [
        cache.set(`${c}:product:p`, `${c} product`, { ttlMs: LONG, tags: [c, `${c}:product:p`] }),
        cache.set(`${c}:search:q`, `${c} search`, { ttlMs: LONG, tags: [c, `${c}:search`, `${c}:product:p`] }),
      ]),
    );

    // Each company's keys sit together in one slot; the companies sit on every master.
    await target(async (admin) => {
      const slotsPerCompany = await Promise.all(
        companies.map(async (c) => {
          const keys = (await keysUnderInCluster(prefix, admin)).filter((key) => key.startsWith(`${prefix}{${c}}`));
          return new Set(await Promise.all(keys.map((key) => admin.cluster('KEYSLOT', key) as Promise<number>)));
        }),
      );
      expect(slotsPerCompany.every((slots) => slots.size === 1)).toBe(true);
      expect(new Set(slotsPerCompany.map((slots) => [...slots][0])).size).toBeGreaterThan(10);
      const perNode = await Promise.all(admin.nodes('master').map((node) => node.keys(`${prefix}*`)));
      expect(perNode.filter((keys) => keys.length > 0).length).toBe(admin.nodes('master').length);
    });

    expect(await cache.stats()).toMatchObject({ keys: 48, hits: 0, misses: 0 });
    await Promise.all(companies.map((c) => cache.get(`${c}:product:p`)));
    await Promise.all(companies.map((c) => cache.get(`${c}:product:missing`)));

    // Tags of many partitions (so of several nodes) in one call.
    const gone = companies.slice(0, 12);
    expect(await cache.invalidateTags(gone.map((c) => `${c}:product:p`))).toBe(24);
    expect(await cache.invalidateTags([companies[12] ?? '', `${companies[13] ?? ''}:search`])).toBe(3);
    expect(await cache.get(`${companies[0] ?? ''}:search:q`)).toBeUndefined();
    expect(await cache.get(`${companies[14] ?? ''}:search:q`)).toBe(`${companies[14] ?? ''} search`);
    expect(await cache.stats()).toMatchObject({ keys: 48 - 24 - 3, hits: 25, misses: 25 });

    // Brief entries expire by the nodes' clocks, in every company, and leave the others.
    await Promise.all(companies.map((c) => cache.set(`${c}:similar:p:top`, `${c} brief`, { ttlMs: 1_000, tags: [c] })));
    expect((await cache.stats()).keys).toBe(48 - 24 - 3 + 24);
    await sleep(1_300);
    expect(await cache.get(`${companies[20] ?? ''}:similar:p:top`)).toBeUndefined();
    expect(await cache.get(`${companies[20] ?? ''}:product:p`)).toBe(`${companies[20] ?? ''} product`);
    expect((await cache.stats()).keys).toBe(48 - 24 - 3);
  });

  async function target<T>(use: (admin: Awaited<ReturnType<typeof clusterAdminClient>>) => Promise<T>): Promise<T> {
    const admin = await clusterAdminClient();
    try {
      return await use(admin);
    } finally {
      await admin.quit();
    }
  }
});

describe('Cache [redis unreachable]', () => {
  it.each([false, true])('rejects every call at once instead of waiting for a server (cluster: %s)', async (cluster) => {
    const errors: Error[] = [];
    const cache = new RedisCache({ url: 'redis://127.0.0.1:1', cluster, keyPrefix: uniqueKeyPrefix(), partition: cachePartition, onError: (e) => errors.push(e) });
    // Refused by the client without being queued: no call waits for a connection or a command timeout.
    const refused = /enableOfflineQueue/;
    try {
      for (let round = 0; round < 3; round += 1) {
        await expect(cache.get('k')).rejects.toThrow(refused);
        await expect(cache.set('k', 1, { ttlMs: LONG, tags: ['t'] })).rejects.toThrow(refused);
        await expect(cache.invalidateTags(['t', 'c:other'])).rejects.toThrow(refused);
        await expect(cache.stats()).rejects.toThrow(refused);
        await sleep(100); // real time, for the client's reconnect attempts
      }
      await expect(cache.ready(200)).rejects.toThrow();
      // One report for the outage, not one per reconnect attempt.
      expect(errors).toHaveLength(1);
    } finally {
      await cache.close();
    }
    await expect(cache.get('k')).rejects.toThrow();
  });
});
