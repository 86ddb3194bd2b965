// `GET /admin/cache/stats` and `DELETE /admin/cache?tag=` (SPEC §3.6), admin+.
import type { Actor } from '../../domain/identity/actor';
import { invalid, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Cache, CacheStats } from '../ports/cache';
import { requireRole } from '../shared/authorize';
import { adminTag } from './cache-keys';

export interface CacheReport extends CacheStats {
  /** hits / (hits + misses), 0 before the first read. */
  readonly hitRatio: number;
  /** Which adapter serves, and whether it answered (an unreachable cache reports zeros). */
  readonly adapter: string;
  readonly reachable: boolean;
}

export class GetCacheStats {
  constructor(
    private readonly cache: Cache,
    private readonly adapter: string,
  ) {}

  async execute(actor: Actor): Promise<Result<CacheReport, AppError<'forbidden'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    try {
      const stats = await this.cache.stats();
      const reads = stats.hits + stats.misses;
      return ok({ ...stats, hitRatio: reads ? Math.round((stats.hits / reads) * 10_000) / 10_000 : 0, adapter: this.adapter, reachable: true });
    } catch {
      return ok({ hits: 0, misses: 0, keys: 0, memoryBytes: null, hitRatio: 0, adapter: this.adapter, reachable: false });
    }
  }
}

export class InvalidateCacheTag {
  constructor(private readonly cache: { invalidateOrThrow(tags: readonly string[]): Promise<number> }) {}

  /** Drops the entries of the tag within the actor's company; `unavailable` when the cache does not answer. */
  async execute(input: { actor: Actor; tag: string }): Promise<Result<{ tag: string; removed: number }, AppError<'forbidden' | 'validation_failed' | 'unavailable'>>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    const scoped = adminTag(input.actor.companyId, input.tag);
    if (!scoped) return err(invalid('tag', 'one of all, search, product:<id>, recommendations:<userId>'));
    try {
      return ok({ tag: input.tag, removed: await this.cache.invalidateOrThrow([scoped]) });
    } catch {
      return err({ code: 'unavailable', message: 'The cache is unreachable; try again shortly', retryAfterSeconds: 5 });
    }
  }
}
