// The in-process cache of replicas sharing a store (SPEC §1.2, §3.6): an invalidation on one
// drops the entry on all, a value computed across another replica's invalidation is not kept,
// and while notices may pass unheard answers are uncached, never stale.
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InProcessReplicaBroadcast } from '../../../adapters/memory/in-process-replica-broadcast';
import { CacheAside, type CacheAsideOptions } from '../../../application/cache/cache-aside';
import { ReplicatedLocalCache } from '../../../application/cache/replicated-local-cache';

const TTL = 60_000;
const options: CacheAsideOptions<number> = { ttlMs: TTL, tags: ['c:1:product:p'], codec: { encode: (n) => n, decode: (json) => json as number } };
const KEY = 'c:1:product:p';

/** One replica: its cache, the CacheAside its use cases see, and the price its store holds. */
function replica(broadcast: InProcessReplicaBroadcast, store: { price: number }) {
  const cache = new ReplicatedLocalCache(new InMemoryLruCache({ clock: new FixedClock() }), broadcast);
  const aside = new CacheAside(cache);
  let computes = 0;
  const read = () => aside.getOrCompute(KEY, options, async () => ((computes += 1), store.price));
  return { cache, aside, read, computes: () => computes };
}

function twoReplicas() {
  const store = { price: 100 };
  const onA = new InProcessReplicaBroadcast();
  const onB = onA.replica();
  return { store, onA, onB, a: replica(onA, store), b: replica(onB, store) };
}

/** A promise to hold a compute in flight until `open()`. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ReplicatedLocalCache', () => {
  it("drops an entry on every replica when one invalidates its tag, its own at once", async () => {
    const { store, a, b } = twoReplicas();
    expect([await a.read(), await b.read(), await b.read()]).toEqual([100, 100, 100]);
    expect(b.computes()).toBe(1);
    store.price = 120;
    expect(await a.aside.invalidate(['c:1:product:p'])).toBe(1);
    expect([await a.read(), await b.read()]).toEqual([120, 120]);
    expect([a.computes(), b.computes()]).toEqual([2, 2]);
  });

  it('does not keep a value computed on one replica across an invalidation made on another', async () => {
    const { store, onB, a } = twoReplicas();
    const cache = new ReplicatedLocalCache(new InMemoryLruCache(), onB);
    const aside = new CacheAside(cache);
    const held = gate();
    const slow = aside.getOrCompute(KEY, options, async () => {
      const seen = store.price;
      await held.opened;
      return seen;
    });
    store.price = 130;
    await a.aside.invalidate(['c:1:product:p']);
    held.open();
    expect(await slow).toBe(100);
    // The old value was not stored: the next read computes the new price.
    expect(await aside.getOrCompute(KEY, options, async () => store.price)).toBe(130);
  });

  it('answers misses and stores nothing while notices may pass unheard, and starts afresh after the loss', async () => {
    const { store, onB, b } = twoReplicas();
    await b.read();
    await b.read();
    expect(b.computes()).toBe(1);
    onB.disconnect();
    expect((await b.cache.stats()).keys).toBe(0);
    store.price = 140;
    expect([await b.read(), await b.read()]).toEqual([140, 140]);
    expect(b.computes()).toBe(3);
    expect((await b.cache.stats()).keys).toBe(0);
    onB.reconnect();
    expect([await b.read(), await b.read()]).toEqual([140, 140]);
    expect(b.computes()).toBe(4);
    expect(await b.cache.stats()).toMatchObject({ keys: 1, hits: 2, misses: 4 });
  });

  it('does not keep a value whose compute began before a loss of notices', async () => {
    const { store, onB } = twoReplicas();
    const cache = new ReplicatedLocalCache(new InMemoryLruCache(), onB);
    const aside = new CacheAside(cache);
    const held = gate();
    const slow = aside.getOrCompute(KEY, options, async () => {
      const seen = store.price;
      await held.opened;
      return seen;
    });
    onB.disconnect();
    store.price = 150; // its notice is lost
    onB.reconnect();
    held.open();
    expect(await slow).toBe(100);
    expect(await aside.getOrCompute(KEY, options, async () => store.price)).toBe(150);
  });

  it('keeps values whose tags nobody invalidated meanwhile, and announces to the replica itself too', async () => {
    const { onA, onB, b } = twoReplicas();
    const heard: unknown[] = [];
    onA.listen({ notice: (notice) => heard.push(notice), lost: () => undefined });
    await b.read();
    await b.aside.invalidate(['c:1:search']);
    expect(await b.read()).toBe(100);
    expect(b.computes()).toBe(1);
    expect(heard).toEqual([{ kind: 'cache-tags', tags: ['c:1:search'] }]);
    void onB;
  });

  it('rejects an invalidation whose notice cannot go out, after dropping it here', async () => {
    const { onB, b } = twoReplicas();
    await b.read();
    await onB.close();
    await expect(b.cache.invalidateTags(['c:1:product:p'])).rejects.toThrow(/closed/);
    expect((await b.cache.stats()).keys).toBe(0);
  });
});
