// Cache-aside storage (SPEC §3.6). Values are JSON, so every adapter (in-process or Redis)
// stores the same thing; tags group keys for invalidation by domain events.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Names the partition a key or tag belongs to. An entry and every tag it carries must share one
 * partition: a partitioned store (Redis Cluster) keeps a partition together, in one hash slot,
 * so storing and invalidating stay single atomic steps. Without one, everything is one partition.
 */
export type CachePartition = (keyOrTag: string) => string;

/** Every key and tag in one partition (a cache given no partition function). */
export const SINGLE_PARTITION: CachePartition = () => '';

/** Refuses, as every adapter's `set` must, a tag outside the key's partition. */
export function assertOnePartition(partition: CachePartition, key: string, tags: Iterable<string>): void {
  const own = partition(key);
  for (const tag of tags) {
    if (partition(tag) !== own) throw new Error(`Cache tag "${tag}" lies outside the partition "${own}" of key "${key}"`);
  }
}

export interface CacheEntryOptions {
  /** Time to live in milliseconds (≥ 1). */
  readonly ttlMs: number;
  /** Invalidating any of these removes the entry. Each must lie in the key's partition. */
  readonly tags: readonly string[];
}

export interface CacheStats {
  /** `get` calls that found a value, since the counters started (adapter-wide, e.g. shared by Redis clients). */
  readonly hits: number;
  readonly misses: number;
  /** Entries currently held (every partition together, as are hits and misses). */
  readonly keys: number;
  /** Bytes the cache uses, when the store tells. */
  readonly memoryBytes: number | null;
}

export interface Cache {
  /** The value under `key`, or undefined when absent or expired. Rejects when the store is unreachable. */
  get(key: string): Promise<JsonValue | undefined>;
  /**
   * As `get`, answered at once: only a cache that holds its entries in process offers it (a
   * cached read then takes no turn of the event loop). Counts in the stats as `get` does.
   */
  readonly getNow?: (key: string) => JsonValue | undefined;
  /**
   * Stores `value` under `key`, replacing any previous value and its tags. Rejects, changing
   * nothing, when a tag lies outside the key's partition (a programming error: such a tag could
   * not be invalidated together with the entry).
   */
  set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void>;
  /** Removes every entry carrying any of `tags` (of any partitions); returns how many went. Unknown tags remove nothing. */
  invalidateTags(tags: readonly string[]): Promise<number>;
  stats(): Promise<CacheStats>;
  /** Releases connections; later calls reject. */
  close(): Promise<void>;
}
