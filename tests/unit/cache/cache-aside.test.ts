import { describe, expect, it } from 'vitest';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { CacheAside, type CacheObserver, type Codec } from '../../../application/cache/cache-aside';
import type { Cache, CacheEntryOptions, JsonValue } from '../../../application/ports/cache';

const TTL = 60_000;

interface Price {
  readonly productId: string;
  readonly cents: number;
}

const priceCodec: Codec<Price> = {
  encode: (p) => ({ productId: p.productId, cents: p.cents }),
  decode: (json) => {
    const { productId, cents } = json as { productId?: unknown; cents?: unknown };
    if (typeof productId !== 'string' || typeof cents !== 'number') throw new Error('not a price');
    return { productId, cents };
  },
};

const options = (tags: readonly string[] = ['t']) => ({ ttlMs: TTL, tags, codec: priceCodec });

class RecordingObserver implements CacheObserver {
  hits = 0;
  misses = 0;
  readonly errors: unknown[] = [];
  hit() {
    this.hits += 1;
  }
  miss() {
    this.misses += 1;
  }
  error(error: unknown) {
    this.errors.push(error);
  }
}

/** A promise the test settles by hand. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** A compute whose answers the test decides and whose calls it counts. */
function scriptedCompute(...answers: (() => Promise<Price>)[]) {
  const calls = { count: 0 };
  const compute = () => {
    const answer = answers[Math.min(calls.count, answers.length - 1)];
    calls.count += 1;
    if (!answer) throw new Error('no answer scripted');
    return answer();
  };
  return { compute, calls };
}

const price = (cents: number): Price => ({ productId: 'p1', cents });

const brokenCache = (): Cache => {
  const down = () => Promise.reject(new Error('cache down'));
  return { get: down, set: down, invalidateTags: down, stats: down, close: down };
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CacheAside', () => {
  it('computes once for concurrent misses of one key, and every caller gets the value', async () => {
    const cache = new InMemoryLruCache();
    const observer = new RecordingObserver();
    const aside = new CacheAside(cache, observer);
    const release = gate<Price>();
    const { compute, calls } = scriptedCompute(() => release.promise);

    const callers = Array.from({ length: 25 }, () => aside.getOrCompute('k', options(), compute));
    await flush();
    release.open(price(100));
    expect(await Promise.all(callers)).toEqual(Array.from({ length: 25 }, () => price(100)));
    expect(calls.count).toBe(1);
    expect(observer.misses).toBe(1);

    expect(await aside.getOrCompute('k', options(), compute)).toEqual(price(100));
    expect(calls.count).toBe(1);
    expect(observer.hits).toBe(1);
  });

  it('answers a cached value without computing', async () => {
    const cache = new InMemoryLruCache();
    await cache.set('k', priceCodec.encode(price(7)), { ttlMs: TTL, tags: [] });
    const { compute, calls } = scriptedCompute(async () => price(8));
    expect(await new CacheAside(cache).getOrCompute('k', options(), compute)).toEqual(price(7));
    expect(calls.count).toBe(0);
  });

  it('answers from compute when the cache fails, and tells the observer', async () => {
    const observer = new RecordingObserver();
    const aside = new CacheAside(brokenCache(), observer);
    const { compute, calls } = scriptedCompute(async () => price(1), async () => price(2));
    expect(await aside.getOrCompute('k', options(), compute)).toEqual(price(1));
    expect(await aside.getOrCompute('k', options(), compute)).toEqual(price(2));
    expect(calls.count).toBe(2);
    expect(observer.errors).toHaveLength(2);
    expect(observer.hits + observer.misses).toBe(0);

    expect(await aside.invalidate(['t'])).toBe(0);
    expect(observer.errors).toHaveLength(3);
    await expect(aside.invalidateOrThrow(['t'])).rejects.toThrow('cache down');
  });

  it('answers from compute when an in-process cache fails at once, and tells the observer', async () => {
    const observer = new RecordingObserver();
    const closed = new InMemoryLruCache();
    await closed.close();
    const aside = new CacheAside(closed, observer);
    const { compute, calls } = scriptedCompute(async () => price(1));
    expect(await aside.getOrCompute('k', options(), compute)).toEqual(price(1));
    expect(calls.count).toBe(1);
    expect(observer.errors).toHaveLength(1);
    expect(observer.hits + observer.misses).toBe(0);
  });

  it('reads an in-process cache once per call: a miss is counted once and computed, a hit not decoded again', async () => {
    const cache = new InMemoryLruCache();
    const observer = new RecordingObserver();
    const aside = new CacheAside(cache, observer);
    const { compute, calls } = scriptedCompute(async () => price(1));
    const first = await aside.getOrCompute('k', options(), compute);
    const second = await aside.getOrCompute('k', options(), compute);
    expect(second).toEqual(first);
    expect(await aside.getOrCompute('k', options(), compute)).toBe(second);
    expect(calls.count).toBe(1);
    expect(await cache.stats()).toMatchObject({ hits: 2, misses: 1 });
    expect({ hits: observer.hits, misses: observer.misses }).toEqual({ hits: 2, misses: 1 });
  });

  it('answers from compute when only the write fails', async () => {
    const cache = new InMemoryLruCache();
    const observer = new RecordingObserver();
    const failingWrites: Cache = Object.assign(Object.create(cache) as Cache, { set: () => Promise.reject(new Error('write failed')) });
    const aside = new CacheAside(failingWrites, observer);
    expect(await aside.getOrCompute('k', options(), async () => price(3))).toEqual(price(3));
    expect(observer.errors).toEqual([new Error('write failed')]);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('does not remember a rejected compute: its callers reject and the next call computes again', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const release = gate<Price>();
    const { compute, calls } = scriptedCompute(
      () => release.promise,
      async () => price(5),
    );
    const callers = [aside.getOrCompute('k', options(), compute), aside.getOrCompute('k', options(), compute)];
    await flush();
    release.fail(new Error('database down'));
    for (const caller of callers) await expect(caller).rejects.toThrow('database down');
    expect(await cache.get('k')).toBeUndefined();

    expect(await aside.getOrCompute('k', options(), compute)).toEqual(price(5));
    expect(calls.count).toBe(2);
    expect(await cache.get('k')).toEqual(priceCodec.encode(price(5)));
  });

  it('does not store a value computed before an invalidation of its tags, nor hand it to later callers', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const stale = gate<Price>();
    const { compute, calls } = scriptedCompute(
      () => stale.promise,
      async () => price(200),
    );

    const early = aside.getOrCompute('k', options(['product:p1']), compute);
    await flush();
    expect(calls.count).toBe(1);
    // The writer committed price 200, then invalidates, while the first read still computes.
    await aside.invalidate(['product:p1']);
    const late = aside.getOrCompute('k', options(['product:p1']), compute);
    expect(await late).toEqual(price(200));
    expect(calls.count).toBe(2);

    stale.open(price(100));
    expect(await early).toEqual(price(100));
    expect(await cache.get('k')).toEqual(priceCodec.encode(price(200)));
    expect(await aside.getOrCompute('k', options(['product:p1']), compute)).toEqual(price(200));
    expect(calls.count).toBe(2);
  });

  it('does not store a stale value whose tags come from the value', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const stale = gate<Price>();
    const byValue = { ttlMs: TTL, codec: priceCodec, tags: (p: Price) => [`product:${p.productId}`] };
    const pending = aside.getOrCompute('k', byValue, () => stale.promise);
    await flush();
    await aside.invalidate(['product:p1']);
    stale.open(price(100));
    await pending;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('still stores when the invalidation was for other tags', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const release = gate<Price>();
    const pending = aside.getOrCompute('k', options(['product:p1']), () => release.promise);
    await flush();
    await aside.invalidate(['product:p2']);
    release.open(price(100));
    await pending;
    expect(await cache.get('k')).toEqual(priceCodec.encode(price(100)));
  });

  it('removes the value again when an invalidation overtakes its write', async () => {
    const cache = new InMemoryLruCache();
    const writing = gate();
    const landing = gate();
    // A store that lets the invalidation through while the write is still travelling.
    const slowWrites: Cache = Object.assign(Object.create(cache) as Cache, {
      async set(key: string, value: JsonValue, entry: CacheEntryOptions) {
        writing.open();
        await landing.promise;
        await cache.set(key, value, entry);
      },
    });
    const aside = new CacheAside(slowWrites);
    const pending = aside.getOrCompute('k', options(['product:p1']), async () => price(100));
    await writing.promise;
    expect(await aside.invalidate(['product:p1'])).toBe(0);
    landing.open();
    expect(await pending).toEqual(price(100));
    expect(await cache.get('k')).toBeUndefined();
  });

  it('stores nothing when cacheIf refuses the value', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const { compute, calls } = scriptedCompute(async () => price(0));
    const positive = { ...options(), cacheIf: (p: Price) => p.cents > 0 };
    expect(await aside.getOrCompute('k', positive, compute)).toEqual(price(0));
    expect(await aside.getOrCompute('k', positive, compute)).toEqual(price(0));
    expect(calls.count).toBe(2);
    expect((await cache.stats()).keys).toBe(0);
  });

  it('tags the entry with what the tags function reads from the value', async () => {
    const cache = new InMemoryLruCache();
    const aside = new CacheAside(cache);
    const seen: Price[] = [];
    const tags = (p: Price) => {
      seen.push(p);
      return [`product:${p.productId}`, `cents:${p.cents}`];
    };
    await aside.getOrCompute('k', { ttlMs: TTL, codec: priceCodec, tags }, async () => price(42));
    expect(seen).toEqual([price(42)]);
    expect(await aside.invalidate(['cents:41'])).toBe(0);
    expect(await aside.invalidate(['cents:42'])).toBe(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('recomputes and overwrites an entry its codec cannot read', async () => {
    const cache = new InMemoryLruCache();
    const observer = new RecordingObserver();
    await cache.set('k', { legacy: true }, { ttlMs: TTL, tags: [] });
    const aside = new CacheAside(cache, observer);
    expect(await aside.getOrCompute('k', options(), async () => price(9))).toEqual(price(9));
    expect(observer.errors).toHaveLength(1);
    expect(await cache.get('k')).toEqual(priceCodec.encode(price(9)));
  });
});
