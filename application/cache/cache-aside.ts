// Cache-aside for the read use cases (SPEC §3.6): concurrent misses of one key compute once,
// invalidations are never undone by a value computed before them, and a failing cache only
// makes answers uncached.
import type { Cache, JsonValue } from '../ports/cache';

export interface CacheObserver {
  hit(): void;
  miss(): void;
  /** A cache call failed; the answer was computed (or the invalidation skipped) instead. */
  error(error: unknown): void;
}

/** Turns a use case's value into cacheable JSON and back. */
export interface Codec<T> {
  encode(value: T): JsonValue;
  decode(json: JsonValue): T;
}

export interface CacheAsideOptions<T> {
  readonly ttlMs: number;
  /** Fixed tags, or tags read from the computed value (e.g. every product a list shows). */
  readonly tags: readonly string[] | ((value: T) => readonly string[]);
  readonly codec: Codec<T>;
  /** False keeps the value out of the cache (a degraded answer, a "not found"). Default: always cache. */
  readonly cacheIf?: (value: T) => boolean;
}

/** A compute under way: the tags invalidated since it started say whether its value may be stored. */
interface Flight {
  readonly key: string;
  readonly staticTags: readonly string[] | null;
  readonly invalidated: Set<string>;
  readonly result: Promise<unknown>;
}

const silent: CacheObserver = { hit: () => {}, miss: () => {}, error: () => {} };

/** Not read yet (as opposed to read and found missing). */
const UNREAD: unique symbol = Symbol('unread');
/** Read, but held something the codec cannot decode. */
const UNREADABLE: unique symbol = Symbol('unreadable');
type Read = JsonValue | undefined | typeof UNREAD | typeof UNREADABLE;

export class CacheAside {
  /** Per key, the flight new callers join. */
  private readonly joinable = new Map<string, Flight>();
  /** Every flight until its value is stored or dropped, joinable or not. */
  private readonly running = new Set<Flight>();
  /**
   * Decoded values by the cached JSON object they came from. An in-process cache hands back
   * the same (frozen) object on every hit, so a hit decodes once; a cache that parses anew
   * each time simply never matches. Entries go with the JSON object.
   */
  private readonly decoded = new WeakMap<object, unknown>();

  constructor(
    private readonly cache: Cache,
    private readonly observer: CacheObserver = silent,
  ) {}

  /**
   * The cached value, else `compute()` once even for concurrent callers of the same key, stored
   * and returned (concurrent callers share one value object). A cache that fails answers from
   * `compute`, reported to the observer; a rejected compute rejects its callers and is not remembered.
   */
  async getOrCompute<T>(key: string, options: CacheAsideOptions<T>, compute: () => Promise<T>): Promise<T> {
    const current = this.joinable.get(key);
    if (current) return current.result as Promise<T>;
    // An in-process cache answers at once: a hit needs no flight, a miss is not read twice.
    let read: Read = UNREAD;
    if (this.cache.getNow) {
      try {
        read = this.cache.getNow(key);
      } catch (error) {
        this.observer.error(error);
        return compute();
      }
      if (read !== undefined) {
        const hit = this.decodeHit(read, options.codec);
        if (hit !== UNREADABLE) return hit;
        read = UNREADABLE;
      }
    }
    const invalidated = new Set<string>();
    const flight: Flight = {
      key,
      staticTags: typeof options.tags === 'function' ? null : options.tags,
      invalidated,
      result: this.run(key, options, compute, invalidated, read),
    };
    this.joinable.set(key, flight);
    this.running.add(flight);
    try {
      return (await flight.result) as T;
    } finally {
      this.running.delete(flight);
      if (this.joinable.get(key) === flight) this.joinable.delete(key);
    }
  }

  /** Best effort: returns how many entries went, or 0 when the cache failed (reported to the observer). */
  async invalidate(tags: readonly string[]): Promise<number> {
    try {
      return await this.invalidateOrThrow(tags);
    } catch (error) {
      this.observer.error(error);
      return 0;
    }
  }

  /** As `invalidate`, but a failing cache rejects: for callers that retry (the invalidation consumer). */
  async invalidateOrThrow(tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return 0;
    // Before the cache call, so that no flight can store a value computed before this point.
    for (const flight of this.running) {
      for (const tag of tags) flight.invalidated.add(tag);
      // Callers arriving from now on must not receive a value computed before the change.
      const touched = flight.staticTags === null || flight.staticTags.some((tag) => tags.includes(tag));
      if (touched && this.joinable.get(flight.key) === flight) this.joinable.delete(flight.key);
    }
    return this.cache.invalidateTags(tags);
  }

  /** `read`: what an in-process cache already answered (a miss, or an entry it cannot read), or UNREAD to ask the cache. */
  private async run<T>(key: string, options: CacheAsideOptions<T>, compute: () => Promise<T>, invalidated: Set<string>, read: Read): Promise<T> {
    let json: JsonValue | undefined | typeof UNREADABLE;
    try {
      json = read === UNREAD ? await this.cache.get(key) : read;
    } catch (error) {
      // The cache is away: answer uncached, and do not spend a second failing call on writing.
      this.observer.error(error);
      return compute();
    }
    if (json === undefined) {
      this.observer.miss();
    } else if (json !== UNREADABLE) {
      const hit = this.decodeHit(json, options.codec);
      if (hit !== UNREADABLE) return hit;
    }
    // Only invalidations from here on can make the computed value stale: writers commit before they invalidate.
    invalidated.clear();
    const value = await compute();
    if (options.cacheIf?.(value) ?? true) await this.store(key, value, options, invalidated);
    return value;
  }

  /** The decoded hit, or UNREADABLE for an entry the codec cannot read (written by an older version), to be recomputed and overwritten. */
  private decodeHit<T>(json: JsonValue, codec: Codec<T>): T | typeof UNREADABLE {
    try {
      const value = this.decode(json, codec);
      this.observer.hit();
      return value;
    } catch (error) {
      this.observer.error(error);
      return UNREADABLE;
    }
  }

  private decode<T>(json: JsonValue, codec: Codec<T>): T {
    if (json === null || typeof json !== 'object' || !Object.isFrozen(json)) return codec.decode(json);
    if (this.decoded.has(json)) return this.decoded.get(json) as T;
    const value = codec.decode(json);
    this.decoded.set(json, value);
    return value;
  }

  /**
   * Stores unless one of the value's tags was invalidated while computing. An invalidation
   * racing the write itself may reach the cache first, so it is repeated afterwards.
   *
   * Left open: an invalidation by another process (another API replica, or the worker's
   * consumer) during the compute is not seen here, so that process's change can be hidden by
   * this value for up to its TTL; the worker's durable pass, arriving after the outbox relay,
   * usually lands after this write and removes it.
   */
  private async store<T>(key: string, value: T, options: CacheAsideOptions<T>, invalidated: Set<string>): Promise<void> {
    try {
      const tags = typeof options.tags === 'function' ? options.tags(value) : options.tags;
      if (tags.some((tag) => invalidated.has(tag))) return;
      invalidated.clear();
      await this.cache.set(key, options.codec.encode(value), { ttlMs: options.ttlMs, tags });
      const raced = tags.filter((tag) => invalidated.has(tag));
      if (raced.length > 0) await this.cache.invalidateTags(raced);
    } catch (error) {
      this.observer.error(error);
    }
  }
}
