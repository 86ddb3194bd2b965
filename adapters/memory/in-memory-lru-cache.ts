// The in-process Cache (SPEC §3.6): one API process, or tests. Bounded by entry count and
// optionally by approximate size. A value is copied through JSON once when stored and kept
// deep-frozen, so a hit costs no parse and no caller can change the cached copy.
import { LRUCache } from 'lru-cache';
import { assertOnePartition, SINGLE_PARTITION, type Cache, type CacheEntryOptions, type CachePartition, type CacheStats, type JsonValue } from '../../application/ports/cache';
import type { Clock } from '../../application/ports/clock';

export interface InMemoryLruCacheOptions {
  /** Most entries held; the least recently used go first. Default 10,000. */
  readonly maxEntries?: number;
  /** Most approximate bytes held (key + JSON text length); unbounded when absent. */
  readonly maxBytes?: number;
  /** Drives TTL expiry; real time when absent. */
  readonly clock?: Clock;
  /** As the shared cache is given (see CachePartition), so a misplaced tag is refused here too. Default: one partition. */
  readonly partition?: CachePartition;
}

interface Entry {
  readonly value: JsonValue;
  readonly tags: readonly string[];
  readonly size: number;
}

export class InMemoryLruCache implements Cache {
  private readonly entries: LRUCache<string, Entry>;
  /** tag → keys carrying it. Kept exact by `dispose`, which runs however an entry leaves. */
  private readonly keysByTag = new Map<string, Set<string>>();
  private hits = 0;
  private misses = 0;
  private bytes = 0;
  private closed = false;
  private readonly partition: CachePartition;

  constructor(options: InMemoryLruCacheOptions = {}) {
    const { maxEntries = 10_000, maxBytes, clock } = options;
    this.partition = options.partition ?? SINGLE_PARTITION;
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      ...(maxBytes === undefined ? {} : { maxSize: maxBytes, sizeCalculation: (entry: Entry) => entry.size }),
      // lru-cache reads the time at most once per `ttlResolution` ms; a hand-moved clock needs every read.
      ...(clock ? { perf: { now: () => clock.now().getTime() }, ttlResolution: 0 } : {}),
      dispose: (entry, key) => this.forget(key, entry),
    });
  }

  async get(key: string): Promise<JsonValue | undefined> {
    return this.getNow(key);
  }

  readonly getNow = (key: string): JsonValue | undefined => {
    this.assertOpen();
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return entry.value;
  };

  async set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void> {
    this.assertOpen();
    const tags = [...new Set(options.tags)];
    assertOnePartition(this.partition, key, tags);
    const json = JSON.stringify(value);
    const entry: Entry = { value: deepFreeze(JSON.parse(json) as JsonValue), tags, size: key.length + json.length };
    // Replacing disposes the previous entry first, which drops its tags from the index.
    this.entries.set(key, entry, { ttl: Math.max(1, Math.ceil(options.ttlMs)) });
    // An entry larger than maxBytes is refused by lru-cache (and any previous value dropped).
    if (this.entries.peek(key) !== entry) return;
    this.bytes += entry.size;
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  async invalidateTags(tags: readonly string[]): Promise<number> {
    this.assertOpen();
    let removed = 0;
    for (const tag of new Set(tags)) {
      for (const key of [...(this.keysByTag.get(tag) ?? [])]) {
        // An expired entry still indexed is dropped without counting: it was already gone.
        const live = this.entries.has(key);
        this.entries.delete(key);
        if (live) removed += 1;
      }
    }
    return removed;
  }

  async stats(): Promise<CacheStats> {
    this.assertOpen();
    // Expired entries linger until touched; dropping them here makes `keys` count live ones only.
    this.entries.purgeStale();
    return { hits: this.hits, misses: this.misses, keys: this.entries.size, memoryBytes: this.bytes };
  }

  /** Drops every entry at once (the counters stay): for a replica that may have missed invalidations. */
  clear(): void {
    this.assertOpen();
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
  }

  private forget(key: string, entry: Entry): void {
    this.bytes -= entry.size;
    for (const tag of entry.tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryLruCache is closed');
  }
}

function deepFreeze(value: JsonValue): JsonValue {
  if (value !== null && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
