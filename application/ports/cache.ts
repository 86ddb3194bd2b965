// Cache-aside storage (SPEC §3.6). Values are JSON, so every adapter (in-process or Redis)
// stores the same thing; tags group keys for invalidation by domain events.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface CacheEntryOptions {
  /** Time to live in milliseconds (≥ 1). */
  readonly ttlMs: number;
  /** Invalidating any of these removes the entry. */
  readonly tags: readonly string[];
}

export interface CacheStats {
  /** `get` calls that found a value, since the counters started (adapter-wide, e.g. shared by Redis clients). */
  readonly hits: number;
  readonly misses: number;
  /** Entries currently held. */
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
  /** Stores `value` under `key`, replacing any previous value and its tags. */
  set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void>;
  /** Removes every entry carrying any of `tags`; returns how many went. Unknown tags remove nothing. */
  invalidateTags(tags: readonly string[]): Promise<number>;
  stats(): Promise<CacheStats>;
  /** Releases connections; later calls reject. */
  close(): Promise<void>;
}
