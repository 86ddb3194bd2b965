// The Cache port: JSON values with TTL and tags, run on the in-process LRU and on Redis.
import { afterEach, expect, it } from 'vitest';
import type { Cache, JsonValue } from '../../application/ports/cache';

const LONG = 60_000;

/**
 * `open()` gives an empty cache of its own (its stats start at zero), partitioned as the app's
 * (`cachePartition`: a key or tag's company scope `c:<id>`); the suite closes it.
 * `letTimePass(ms)` makes `ms` pass for the caches' TTLs: an in-process cache's clock is
 * advanced, a server's is waited for.
 */
export function cacheContract(open: () => Promise<Cache>, letTimePass: (ms: number) => Promise<void>): void {
  const opened: Cache[] = [];
  const fresh = async () => {
    const cache = await open();
    opened.push(cache);
    return cache;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
  });

  it('answers undefined for a key never set', async () => {
    const cache = await fresh();
    expect(await cache.get('never-set')).toBeUndefined();
  });

  it('round-trips nested JSON', async () => {
    const cache = await fresh();
    const value: JsonValue = {
      name: 'Ünïcödé "quoted" \\ ✓',
      price: { cents: 1999, currency: 'EUR' },
      list: [1, -2.5, 'three', null, true, false, { deep: [[], {}] }],
      empty: '',
    };
    await cache.set('nested', value, { ttlMs: LONG, tags: [] });
    await cache.set('scalar', 0, { ttlMs: LONG, tags: [] });
    await cache.set('null', null, { ttlMs: LONG, tags: [] });
    expect(await cache.get('nested')).toEqual(value);
    expect(await cache.get('scalar')).toBe(0);
    expect(await cache.get('null')).toBeNull();
  });

  it('replaces the value and the tags of a key set again', async () => {
    const cache = await fresh();
    await cache.set('k', { v: 1 }, { ttlMs: LONG, tags: ['old'] });
    await cache.set('k', { v: 2 }, { ttlMs: LONG, tags: ['new'] });
    expect(await cache.get('k')).toEqual({ v: 2 });
    expect(await cache.invalidateTags(['old'])).toBe(0);
    expect(await cache.get('k')).toEqual({ v: 2 });
    expect(await cache.invalidateTags(['new'])).toBe(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('forgets an entry after its TTL, and an expired entry does not count as invalidated', async () => {
    const cache = await fresh();
    await cache.set('short', 'soon gone', { ttlMs: 80, tags: ['t'] });
    await cache.set('long', 'stays', { ttlMs: LONG, tags: [] });
    expect(await cache.get('short')).toBe('soon gone');
    await letTimePass(250);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBe('stays');
    expect((await cache.stats()).keys).toBe(1);
    expect(await cache.invalidateTags(['t'])).toBe(0);
  });

  it('invalidates every entry carrying any of the tags and leaves the others', async () => {
    const cache = await fresh();
    await cache.set('x', 1, { ttlMs: LONG, tags: ['tag-x'] });
    await cache.set('y', 2, { ttlMs: LONG, tags: ['tag-y'] });
    await cache.set('xy', 3, { ttlMs: LONG, tags: ['tag-x', 'tag-y'] });
    await cache.set('z', 4, { ttlMs: LONG, tags: ['tag-z'] });
    await cache.set('untagged', 5, { ttlMs: LONG, tags: [] });
    expect(await cache.invalidateTags(['tag-x', 'tag-y', 'tag-x'])).toBe(3);
    expect(await cache.get('x')).toBeUndefined();
    expect(await cache.get('y')).toBeUndefined();
    expect(await cache.get('xy')).toBeUndefined();
    expect(await cache.get('z')).toBe(4);
    expect(await cache.get('untagged')).toBe(5);
    expect(await cache.invalidateTags(['tag-x'])).toBe(0);
    expect(await cache.invalidateTags(['unknown'])).toBe(0);
    expect(await cache.invalidateTags([])).toBe(0);
    expect((await cache.stats()).keys).toBe(2);
  });

  it('keeps an entry re-set without a tag when that tag is invalidated', async () => {
    const cache = await fresh();
    await cache.set('k', 'v1', { ttlMs: LONG, tags: ['dropped', 'kept'] });
    await cache.set('k', 'v2', { ttlMs: LONG, tags: ['kept'] });
    expect(await cache.invalidateTags(['dropped'])).toBe(0);
    expect(await cache.get('k')).toBe('v2');

    // Removed through one tag, then set again without the other one.
    await cache.set('j', 'v1', { ttlMs: LONG, tags: ['a', 'b'] });
    expect(await cache.invalidateTags(['a'])).toBe(1);
    await cache.set('j', 'v2', { ttlMs: LONG, tags: ['c'] });
    expect(await cache.invalidateTags(['b'])).toBe(0);
    expect(await cache.get('j')).toBe('v2');
  });

  it('counts hits, misses and live keys', async () => {
    const cache = await fresh();
    await cache.get('a');
    await cache.get('b');
    await cache.set('a', 'A', { ttlMs: LONG, tags: ['t'] });
    await cache.set('b', 'B', { ttlMs: LONG, tags: ['t'] });
    await cache.set('c', 'C', { ttlMs: LONG, tags: [] });
    await cache.get('a');
    await cache.get('a');
    await cache.get('c');
    const stats = await cache.stats();
    expect(stats).toMatchObject({ hits: 3, misses: 2, keys: 3 });
    expect(stats.memoryBytes === null || stats.memoryBytes > 0).toBe(true);
    await cache.invalidateTags(['t']);
    expect((await cache.stats()).keys).toBe(1);
  });

  it('isolates cached values from changes the caller makes', async () => {
    const cache = await fresh();
    const original = { list: [1, 2], inner: { n: 1 } };
    await cache.set('k', original, { ttlMs: LONG, tags: [] });
    original.list.push(3);
    original.inner.n = 99;
    const first = (await cache.get('k')) as { list: number[]; inner: { n: number } };
    expect(first).toEqual({ list: [1, 2], inner: { n: 1 } });
    try {
      first.list.push(4);
      first.inner.n = 42;
    } catch {
      // A cache may hand out frozen values: changing them throws, which keeps the copy too.
    }
    expect(await cache.get('k')).toEqual({ list: [1, 2], inner: { n: 1 } });
  });

  it('stays consistent under many concurrent writes and reads', async () => {
    const cache = await fresh();
    const keys = Array.from({ length: 60 }, (_, i) => `item-${i}`);
    await Promise.all(keys.map((key, i) => cache.set(key, { i }, { ttlMs: LONG, tags: [i % 2 === 0 ? 'even' : 'odd', 'all'] })));
    const read = await Promise.all(keys.map((key) => cache.get(key)));
    expect(read).toEqual(keys.map((_, i) => ({ i })));

    await Promise.all(Array.from({ length: 20 }, (_, n) => cache.set('contended', n, { ttlMs: LONG, tags: [`writer-${n}`] })));
    const winner = await cache.get('contended');
    expect(typeof winner).toBe('number');
    // Whichever write landed last owns the key, with its own tag only.
    expect(await cache.invalidateTags([`writer-${String(winner === 0 ? 1 : 0)}`])).toBe(0);
    expect(await cache.invalidateTags([`writer-${String(winner)}`])).toBe(1);

    const [even] = await Promise.all([cache.invalidateTags(['even']), ...keys.map((key) => cache.get(key))]);
    expect(even).toBe(30);
    expect((await cache.stats()).keys).toBe(30);
    expect(await cache.invalidateTags(['all'])).toBe(30);
  });

  it('keeps companies apart and counts every partition in the stats', async () => {
    const cache = await fresh();
    const companies = ['c:alpha', 'c:beta', 'c:gamma'];
    for (const c of companies) {
      await cache.set(`${c}:product:1`, `${c} one`, { ttlMs: LONG, tags: [c, `${c}:product:1`] });
      await cache.set(`${c}:search:q`, `${c} page`, { ttlMs: LONG, tags: [c, `${c}:search`] });
      await cache.get(`${c}:product:1`);
      await cache.get(`${c}:product:2`);
    }
    await cache.set('unscoped', 1, { ttlMs: LONG, tags: ['plain'] });
    expect(await cache.stats()).toMatchObject({ hits: 3, misses: 3, keys: 7 });

    // Tags of several partitions in one call, each removing only its own company's entries.
    expect(await cache.invalidateTags(['c:alpha', 'c:beta:search', 'c:gamma:product:9'])).toBe(3);
    expect(await cache.get('c:alpha:product:1')).toBeUndefined();
    expect(await cache.get('c:beta:search:q')).toBeUndefined();
    expect(await cache.get('c:beta:product:1')).toBe('c:beta one');
    expect(await cache.get('c:gamma:search:q')).toBe('c:gamma page');
    expect(await cache.get('unscoped')).toBe(1);
    expect(await cache.stats()).toMatchObject({ hits: 6, misses: 5, keys: 4 });
  });

  it('refuses a tag outside the key\'s partition and changes nothing', async () => {
    const cache = await fresh();
    await cache.set('c:one:product:1', 'v1', { ttlMs: LONG, tags: ['c:one'] });
    await expect(cache.set('c:one:product:1', 'v2', { ttlMs: LONG, tags: ['c:one', 'c:two'] })).rejects.toThrow(/partition/);
    await expect(cache.set('c:one:product:2', 'v', { ttlMs: LONG, tags: ['c:two:product:2'] })).rejects.toThrow(/partition/);
    await expect(cache.set('unscoped', 'v', { ttlMs: LONG, tags: ['c:one'] })).rejects.toThrow(/partition/);
    expect(await cache.get('c:one:product:1')).toBe('v1');
    expect(await cache.get('c:one:product:2')).toBeUndefined();
    expect(await cache.invalidateTags(['c:two', 'c:two:product:2'])).toBe(0);
    expect((await cache.stats()).keys).toBe(1);
    expect(await cache.invalidateTags(['c:one'])).toBe(1);
  });

  it('rejects calls once closed', async () => {
    const cache = await open();
    await cache.close();
    await expect(cache.get('k')).rejects.toThrow();
    await expect(cache.set('k', 1, { ttlMs: LONG, tags: [] })).rejects.toThrow();
  });
}
