// The shared Cache (SPEC §3.6) on one Redis server or a Redis Cluster (SPEC §1.2).
// Fails fast: while Redis is away every call rejects at once and the client reconnects in the background.
import { SINGLE_PARTITION, assertOnePartition, type Cache, type CacheEntryOptions, type CachePartition, type CacheStats, type JsonValue } from '../../application/ports/cache';
import { closeRedisClient, openRedisClient, redisReady, usedMemory, type RedisClient, type RedisClientOptions } from './redis-client';

export interface RedisCacheOptions extends RedisClientOptions {
  /** Every key this cache writes starts with it, so several caches (or tests) can share a DB. Default `cg:`; no braces. */
  readonly keyPrefix?: string | undefined;
  /**
   * Which partition a key or tag is in (see CachePartition): each partition lives in one hash
   * slot. Default: one partition, fine on a single server; a Cluster needs many to spread.
   */
  readonly partition?: CachePartition | undefined;
}

/*
 * Key layout under the prefix P, for a partition p, all of whose keys carry the hash tag {p}
 * (`{_}` for the empty partition) and so share one slot on a Cluster: every script below reads and
 * writes the keys of one partition only, the keys it is given and the ones it derives alike.
 *   P{p}e:<key>  hash: `v` = the JSON value, `#<tag>` = 1 per tag. One Redis key per entry, so value
 *                and tags expire together (PX ttl).
 *   P{p}t:<tag>  sorted set of keys carrying the tag, scored by when that membership expires. Its own
 *                TTL is raised to the longest member's, and members past their score are trimmed on
 *                every write to the tag, so a tag set that is written to forever still stays small.
 *                A write removes the key from the tags of the entry it replaces. An entry dropped
 *                through one tag keeps its other memberships until their scores pass (cheaper than
 *                visiting every tag); invalidation checks `#<tag>` on the entry itself, so such a
 *                leftover never removes a later entry that no longer carries the tag.
 *   P{p}live     sorted set of the partition's keys, scored by expiry: `keys` is a count of scores still
 *                ahead, exact without SCAN (it overcounts only if Redis evicts under maxmemory).
 *                Trimmed and given a TTL like a tag set.
 *   P{p}stats    hash of the partition's hits and misses, counted in the same script as the read,
 *                shared by all replicas.
 *   Ppartitions  set of every partition ever written or read: `stats()` sums the partitions' counts.
 *                Each process adds a partition the first time it touches it, beside that command.
 * Times come from the Redis server clock (TIME), so replicas with skewed clocks agree.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: entry, stats. */
const GET = `local value = redis.call('HGET', KEYS[1], 'v')
redis.call('HINCRBY', KEYS[2], value and 'hits' or 'misses', 1)
return value`;

/** KEYS: entry, live. ARGV: the partition's base `P{p}`, key, json, ttl ms, tags... (all of the partition). */
const SET = `${NOW}
local prefix, key, ttl = ARGV[1], ARGV[2], tonumber(ARGV[4])
local expiry = now + ttl
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 1) == '#' then redis.call('ZREM', prefix .. 't:' .. string.sub(field, 2), key) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[3])
for i = 5, #ARGV do
  local tagKey = prefix .. 't:' .. ARGV[i]
  redis.call('HSET', KEYS[1], '#' .. ARGV[i], 1)
  redis.call('ZREMRANGEBYSCORE', tagKey, '-inf', now)
  redis.call('ZADD', tagKey, expiry, key)
  if redis.call('PTTL', tagKey) < ttl then redis.call('PEXPIRE', tagKey, ttl) end
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], expiry, key)
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1`;

/** KEYS: live. ARGV: the partition's base `P{p}`, tags... (all of the partition). Returns how many entries existed and went. */
const INVALIDATE = `${NOW}
local prefix, removed = ARGV[1], 0
for i = 2, #ARGV do
  local tagKey = prefix .. 't:' .. ARGV[i]
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', tagKey, now, '+inf')) do
    local entry = prefix .. 'e:' .. key
    if redis.call('HEXISTS', entry, '#' .. ARGV[i]) == 1 then
      redis.call('DEL', entry)
      redis.call('ZREM', KEYS[1], key)
      removed = removed + 1
    end
  end
  redis.call('DEL', tagKey)
end
return removed`;

/** KEYS: stats, live, of one partition. Returns its hits, misses, live keys. */
const STATS = `${NOW}
local counts = redis.call('HMGET', KEYS[1], 'hits', 'misses')
return { tonumber(counts[1]) or 0, tonumber(counts[2]) or 0, redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') }`;

interface CacheScripts {
  cacheGet(entryKey: string, statsKey: string): Promise<string | null>;
  cacheSet(entryKey: string, liveKey: string, ...args: (string | number)[]): Promise<number>;
  cacheInvalidate(liveKey: string, ...args: string[]): Promise<number>;
  cacheStats(statsKey: string, liveKey: string): Promise<[number, number, number]>;
}

export class RedisCache implements Cache {
  private readonly redis: RedisClient & CacheScripts;
  private readonly prefix: string;
  private readonly partition: CachePartition;
  /** Partitions this process has put in the registry (or is putting there). */
  private readonly registered = new Set<string>();
  private closed = false;

  constructor(options: RedisCacheOptions) {
    this.prefix = options.keyPrefix ?? 'cg:';
    // A brace in the prefix would become the hash tag and put every partition in one slot.
    if (/[{}]/.test(this.prefix)) throw new Error(`RedisCache keyPrefix must not contain braces: ${this.prefix}`);
    this.partition = options.partition ?? SINGLE_PARTITION;
    const redis = openRedisClient(options);
    redis.defineCommand('cacheGet', { numberOfKeys: 2, lua: GET });
    redis.defineCommand('cacheSet', { numberOfKeys: 2, lua: SET });
    redis.defineCommand('cacheInvalidate', { numberOfKeys: 1, lua: INVALIDATE });
    redis.defineCommand('cacheStats', { numberOfKeys: 2, lua: STATS, readOnly: true });
    this.redis = redis as RedisClient & CacheScripts;
  }

  /** Resolves once connected; rejects when that takes longer than `timeoutMs` (the client keeps trying). */
  ready(timeoutMs = 2_000): Promise<void> {
    return redisReady(this.redis, timeoutMs);
  }

  async get(key: string): Promise<JsonValue | undefined> {
    this.assertOpen();
    const partition = this.partition(key);
    const base = this.base(partition);
    // One round trip: the registry write, when there is one, goes out beside the script.
    const read = this.redis.cacheGet(`${base}e:${key}`, `${base}stats`);
    const registering = this.register(partition);
    const json = registering ? (await Promise.all([read, registering]))[0] : await read;
    return json === null ? undefined : (JSON.parse(json) as JsonValue);
  }

  async set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void> {
    this.assertOpen();
    const tags = new Set(options.tags);
    assertOnePartition(this.partition, key, tags);
    const ttl = Math.max(1, Math.ceil(options.ttlMs));
    const partition = this.partition(key);
    const base = this.base(partition);
    const write = this.redis.cacheSet(`${base}e:${key}`, `${base}live`, base, key, JSON.stringify(value), ttl, ...tags);
    await Promise.all([write, this.register(partition)]);
  }

  async invalidateTags(tags: readonly string[]): Promise<number> {
    this.assertOpen();
    const byPartition = new Map<string, string[]>();
    for (const tag of new Set(tags)) {
      const partition = this.partition(tag);
      const group = byPartition.get(partition);
      if (group) group.push(tag);
      else byPartition.set(partition, [tag]);
    }
    const removed = await Promise.all(
      [...byPartition].map(([partition, group]) => {
        const base = this.base(partition);
        return this.redis.cacheInvalidate(`${base}live`, base, ...group);
      }),
    );
    return removed.reduce((sum, n) => sum + Number(n), 0);
  }

  async stats(): Promise<CacheStats> {
    this.assertOpen();
    const [partitions, memoryBytes] = await Promise.all([this.redis.smembers(this.registryKey), usedMemory(this.redis)]);
    const counts = await Promise.all(
      partitions.map((partition) => {
        const base = this.base(partition);
        return this.redis.cacheStats(`${base}stats`, `${base}live`);
      }),
    );
    let hits = 0;
    let misses = 0;
    let keys = 0;
    for (const [h, m, k] of counts) {
      hits += Number(h);
      misses += Number(m);
      keys += Number(k);
    }
    // used_memory is the whole server's (every master's): a cache-only Redis is assumed, as in docker-compose.
    return { hits, misses, keys, memoryBytes };
  }

  /** Resolves when Redis answers a PING (readiness): one command, however many companies are cached. */
  async ping(): Promise<void> {
    this.assertOpen();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeRedisClient(this.redis);
  }

  /** `P{p}`: every key of partition p starts with it, and its braces make p the hash tag. */
  private base(partition: string): string {
    return `${this.prefix}{${partition === '' ? '_' : partition}}`;
  }

  private get registryKey(): string {
    return `${this.prefix}partitions`;
  }

  /** Adds the partition to the registry once per process; undefined when already done. */
  private register(partition: string): Promise<void> | undefined {
    if (this.registered.has(partition)) return undefined;
    this.registered.add(partition);
    return this.redis.sadd(this.registryKey, partition).then(
      () => undefined,
      (error: unknown) => {
        this.registered.delete(partition);
        throw error;
      },
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('RedisCache is closed');
  }
}
