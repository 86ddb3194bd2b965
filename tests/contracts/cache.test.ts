import { afterAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryLruCache } from '../../adapters/memory/in-memory-lru-cache';
import { RedisCache } from '../../adapters/redis/redis-cache';
import { eventually } from '../support/eventually';
import { adminClient, deleteKeysUnder, redisAvailable, TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';
import { cacheContract } from './cache.contract';

const LONG = 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('Cache [memory]', () => {
  const clock = new FixedClock();
  cacheContract(
    async () => new InMemoryLruCache({ maxEntries: 1_000, clock }),
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

const redis = await redisAvailable();

describe.runIf(redis)(`Cache [redis ${TEST_REDIS_URL}]`, () => {
  const prefixes: string[] = [];
  const clients: RedisCache[] = [];
  const openRedis = async (keyPrefix = uniqueKeyPrefix(), connectionName?: string) => {
    if (!prefixes.includes(keyPrefix)) prefixes.push(keyPrefix);
    const cache = new RedisCache({ url: TEST_REDIS_URL, keyPrefix, connectionName });
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
    for (const prefix of prefixes) await deleteKeysUnder(prefix);
    const admin = adminClient();
    await admin.connect();
    const left = await Promise.all(prefixes.map((prefix) => admin.keys(`${prefix}*`)));
    await admin.quit();
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
    expect(await a.stats()).toMatchObject({ hits: 2, misses: 1, keys: 1 });
    expect((await b.stats()).memoryBytes).toBeGreaterThan(0);
  });

  it('keeps tag sets alive as long as their longest member, and lets everything expire', async () => {
    const prefix = uniqueKeyPrefix();
    const cache = await tracked(prefix);
    const admin = adminClient();
    await admin.connect();
    try {
      await cache.set('long', 1, { ttlMs: LONG, tags: ['shared'] });
      await cache.set('short', 2, { ttlMs: 80, tags: ['shared', 'brief'] });
      expect(await admin.pttl(`${prefix}t:shared`)).toBeGreaterThan(LONG / 2);
      expect(await admin.pttl(`${prefix}t:brief`)).toBeLessThanOrEqual(80);
      await sleep(250);
      expect(await admin.exists(`${prefix}t:brief`)).toBe(0);
      expect(await cache.invalidateTags(['shared'])).toBe(1);
      await cache.set('short-again', 3, { ttlMs: 80, tags: ['brief'] });
      expect(await cache.get('short-again')).toBe(3);
      await sleep(250);
      // Only the shared counters outlive the entries.
      expect(await admin.keys(`${prefix}*`)).toEqual([`${prefix}stats`]);
    } finally {
      await admin.quit();
    }
  });

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

describe('Cache [redis unreachable]', () => {
  it('rejects every call at once instead of waiting for a server', async () => {
    const errors: Error[] = [];
    const cache = new RedisCache({ url: 'redis://127.0.0.1:1', keyPrefix: uniqueKeyPrefix(), onError: (e) => errors.push(e) });
    // Refused by the client without being queued: no call waits for a connection or a command timeout.
    const refused = /enableOfflineQueue/;
    try {
      for (let round = 0; round < 3; round += 1) {
        await expect(cache.get('k')).rejects.toThrow(refused);
        await expect(cache.set('k', 1, { ttlMs: LONG, tags: ['t'] })).rejects.toThrow(refused);
        await expect(cache.invalidateTags(['t'])).rejects.toThrow(refused);
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
