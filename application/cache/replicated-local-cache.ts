// An in-process cache kept right across replicas on one store (SPEC §1.2, §3.6): every
// invalidation is announced to every process, each drops the tags it hears of, and while
// notices may pass unheard this process answers uncached rather than stale.
import type { Cache, CacheEntryOptions, CacheStats, JsonValue } from '../ports/cache';
import type { ReplicaBroadcast, ReplicaNotice } from '../ports/replica-broadcast';

/** The in-process cache underneath: answers at once and can drop everything. */
export interface LocalCache extends Cache {
  readonly getNow: (key: string) => JsonValue | undefined;
  clear(): void;
}

export interface ReplicatedLocalCacheOptions {
  /** Most misses remembered until their value is stored (the oldest go first). Default 10,000. */
  readonly maxPendingReads?: number;
}

/** A miss answered while notices could pass unheard: its value may never be stored. */
const UNTRUSTED = -1;

/**
 * Cache decorator for an in-process cache on a store other processes share. Local invalidations
 * drop here at once and are announced; heard ones drop here too. A value is stored only when no
 * tag of it was invalidated after its miss was answered: CacheAside guards against this process's
 * own invalidations racing a compute, but not against another replica's, which arrive here.
 * After a loss of notices everything held is dropped, and misses answered before the loss (or
 * while not live) are never stored. `getNow` stays one flag test away from the local cache's.
 */
export class ReplicatedLocalCache implements Cache {
  /** Moves on at every invalidation made or heard, and at every loss. */
  private seq = 0;
  /** Misses answered before this point may have missed a notice; `dropped` only covers later ones. */
  private trustedFrom = 0;
  /** Key → `seq` when its oldest miss not yet followed by a store was answered. */
  private readonly reads = new Map<string, number>();
  /** Tag → `seq` of its latest invalidation after `trustedFrom`. */
  private readonly dropped = new Map<string, number>();
  private readonly maxPendingReads: number;
  private readonly unlisten: () => void;
  /** Misses answered without asking the local cache (not live). */
  private blindMisses = 0;
  private closed = false;

  constructor(
    private readonly local: LocalCache,
    private readonly broadcast: ReplicaBroadcast,
    options: ReplicatedLocalCacheOptions = {},
  ) {
    this.maxPendingReads = options.maxPendingReads ?? 10_000;
    this.unlisten = broadcast.listen({ notice: (notice) => this.hear(notice), lost: () => this.forgetAll() });
  }

  readonly getNow = (key: string): JsonValue | undefined => {
    if (!this.broadcast.live && !this.closed) {
      this.blindMisses += 1;
      this.noteRead(key, UNTRUSTED);
      return undefined;
    }
    const value = this.local.getNow(key);
    if (value === undefined) this.noteRead(key, this.seq);
    return value;
  };

  async get(key: string): Promise<JsonValue | undefined> {
    return this.getNow(key);
  }

  async set(key: string, value: JsonValue, options: CacheEntryOptions): Promise<void> {
    const readAt = this.reads.get(key) ?? this.trustedFrom;
    this.reads.delete(key);
    const stale = !this.broadcast.live || readAt < this.trustedFrom || options.tags.some((tag) => (this.dropped.get(tag) ?? -1) > readAt);
    if (!stale) await this.local.set(key, value, options);
    if (this.reads.size === 0) this.restartGuard();
  }

  /** Drops the tags here at once (read-your-writes), then tells every process; rejects when the notice could not go out. */
  async invalidateTags(tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return 0;
    const removed = await this.drop(tags);
    await this.broadcast.announce({ kind: 'cache-tags', tags });
    return removed;
  }

  async stats(): Promise<CacheStats> {
    const stats = await this.local.stats();
    return { ...stats, misses: stats.misses + this.blindMisses };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unlisten();
    await this.local.close();
  }

  private hear(notice: ReplicaNotice): void {
    if (notice.kind !== 'cache-tags' || this.closed) return;
    this.drop(notice.tags).catch(() => this.forgetAll());
  }

  private drop(tags: readonly string[]): Promise<number> {
    this.seq += 1;
    for (const tag of tags) this.dropped.set(tag, this.seq);
    // Bounded: past the limit, every pending miss is refused instead of tracked.
    if (this.dropped.size > this.maxPendingReads) this.restartGuard();
    return this.local.invalidateTags(tags);
  }

  /** Notices may have been lost: nothing held or being computed can be trusted. */
  private forgetAll(): void {
    if (this.closed) return;
    this.restartGuard();
    this.local.clear();
  }

  /** Misses answered before now are refused; invalidations before now need not be remembered. */
  private restartGuard(): void {
    this.seq += 1;
    this.trustedFrom = this.seq;
    this.dropped.clear();
  }

  private noteRead(key: string, at: number): void {
    // The oldest miss counts: a compute that started then may still be running.
    if (this.reads.has(key)) return;
    this.reads.set(key, at);
    if (this.reads.size > this.maxPendingReads) this.reads.delete(this.reads.keys().next().value as string);
  }
}
