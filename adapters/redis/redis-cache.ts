// The shared Cache (SPEC §3.6) on one Redis (not Cluster: the scripts touch keys they derive).
// Fails fast: while Redis is away every call rejects at once and the client reconnects in the background.
import { Redis } from 'ioredis';
import type { Cache, CacheEntryOptions, CacheStats, JsonValue } from '../../application/ports/cache';

export interface RedisCacheOptions {
  readonly url: string;
  /** Every key this cache writes starts with it, so several caches (or tests) can share a DB. Default `cg:`. */
  readonly keyPrefix?: string;
  /** A command without a reply by then rejects. Default 250 ms. */
  readonly commandTimeoutMs?: number;
  /** Default 1,000 ms. */
  readonly connectTimeoutMs?: number;
  /** Shown by `CLIENT LIST`. */
  readonly connectionName?: string;
  /** Connection trouble, reported once per outage rather than once per reconnect attempt. */
  readonly onError?: (error: Error) => void;
}

/*
 * Key layout under the prefix P:
 *   P e:<key>  hash: `v` = the JSON value, `#<tag>` = 1 per tag. One Redis key per entry, so value
 *              and tags expire together (PX ttl).
 *   P t:<tag>  sorted set of keys carrying the tag, scored by when that membership expires. Its own
 *              TTL is raised to the longest member's, and members past their score are trimmed on
 *              every write to the tag, so a tag set that is written to forever still stays small.
 *              A write removes the key from the tags of the entry it replaces. An entry dropped
 *              through one tag keeps its other memberships until their scores pass (cheaper than
 *              visiting every tag); invalidation checks `#<tag>` on the entry itself, so such a
 *              leftover never removes a later entry that no longer carries the tag.
 *   P live     sorted set of every key, scored by expiry: `keys` is a count of scores still ahead,
 *              exact for this prefix without SCAN (it overcounts only if Redis evicts under maxmemory).
 *              Trimmed and given a TTL like a tag set.
 *   P stats    hash of hits and misses, counted in the same script as the read, shared by all replicas.
 * Times come from the Redis server clock (TIME), so replicas with skewed clocks agree.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: entry, stats. */
const GET = `local value = redis.call('HGET', KEYS[1], 'v')
redis.call('HINCRBY', KEYS[2], value and 'hits' or 'misses', 1)
return value`;

/** KEYS: entry, live. ARGV: prefix, key, json, ttl ms, tags... */
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

/** KEYS: live. ARGV: prefix, tags... Returns how many entries existed and went. */
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

/** KEYS: stats, live. Returns hits, misses, live keys. */
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
  private readonly redis: Redis & CacheScripts;
  private readonly prefix: string;
  private closed = false;
  private outageReported = false;

  constructor(options: RedisCacheOptions) {
    this.prefix = options.keyPrefix ?? 'cg:';
    const redis = new Redis(options.url, {
      // No queueing while disconnected: a call then rejects at once and the caller answers uncached.
      enableOfflineQueue: false,
      // Commands in flight when the connection drops reject right away instead of waiting for a reconnect.
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: options.connectTimeoutMs ?? 1_000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000),
      connectionName: options.connectionName,
    });
    // Without a listener ioredis prints every connection error; one report per outage is enough.
    redis.on('error', (error: Error) => {
      if (this.outageReported) return;
      this.outageReported = true;
      options.onError?.(error);
    });
    redis.on('ready', () => {
      this.outageReported = false;
    });
    redis.defineCommand('cacheGet', { numberOfKeys: 2, lua: GET });
    redis.defineCommand('cacheSet', { numberOfKeys: 2, lua: SET });
    redis.defineCommand('cacheInvalidate', { numberOfKeys: 1, lua: INVALIDATE });
    redis.defineCommand('cacheStats', { numberOfKeys: 2, lua: STATS, readOnly: true });
    this.redis = redis as Redis & CacheScripts;
  }

  /** Resolves once connected; rejects when that takes longer than `timeoutMs` (the client keeps trying). */
  ready(timeoutMs = 2_000): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
      }, timeoutMs);
      this.redis.once('ready', onReady);
    });
  }

  async get(key: string): Promise<JsonValue | undefined> {
    this.assertOpen();
    const json = await this.redis.cacheGet(this.entryKey(key), this.statsKey);
    return json === null ? undefined : (JSON.parse(json) as JsonValue);
  }

  async set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void> {
    this.assertOpen();
    const ttl = Math.max(1, Math.ceil(options.ttlMs));
    await this.redis.cacheSet(this.entryKey(key), this.liveKey, this.prefix, key, JSON.stringify(value), ttl, ...new Set(options.tags));
  }

  async invalidateTags(tags: readonly string[]): Promise<number> {
    this.assertOpen();
    if (tags.length === 0) return 0;
    return Number(await this.redis.cacheInvalidate(this.liveKey, this.prefix, ...new Set(tags)));
  }

  async stats(): Promise<CacheStats> {
    this.assertOpen();
    const [[hits, misses, keys], memory] = await Promise.all([this.redis.cacheStats(this.statsKey, this.liveKey), this.redis.info('memory')]);
    // used_memory is the whole server's: a cache-only Redis is assumed, as in docker-compose.
    const used = /^used_memory:(\d+)/m.exec(memory)?.[1];
    return { hits: Number(hits), misses: Number(misses), keys: Number(keys), memoryBytes: used === undefined ? null : Number(used) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // Fall through: the connection is going anyway.
      }
    }
    this.redis.disconnect();
  }

  private entryKey(key: string): string {
    return `${this.prefix}e:${key}`;
  }

  private get liveKey(): string {
    return `${this.prefix}live`;
  }

  private get statsKey(): string {
    return `${this.prefix}stats`;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('RedisCache is closed');
  }
}
