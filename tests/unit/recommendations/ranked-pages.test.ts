// Recommendations and similar products page like every list (SPEC §2): a walk over any page size
// serves the ranking once, in order, from a short ranking for the first page and the full one
// after it; a cursor whose item has gone continues after it; a cursor of another list is refused.
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheAside } from '../../../application/cache/cache-aside';
import { cacheTags } from '../../../application/cache/cache-keys';
import type { ProductQuery, UserQuery } from '../../../application/ports/recommendation-graph';
import { GraphUnavailable } from '../../../application/ports/recommendation-graph';
import { GetRecommendations } from '../../../application/recommendations/get-recommendations';
import { GetSimilarProducts } from '../../../application/recommendations/get-similar-products';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InMemoryRecommendationGraph } from '../../../adapters/memory/in-memory-recommendation-graph';
import type { Product } from '../../../domain/catalog/product';
import type { Actor } from '../../../domain/identity/actor';
import { topCandidates, type Candidate } from '../../../domain/recommendations/candidate';
import { encodeCursor, InvalidCursor, type PageRequest } from '../../../domain/shared/page';
import { ok } from '../../../domain/shared/result';
import { commerce, type Commerce } from '../orders/commerce-fixture';

/** A graph that proposes a fixed list of candidates, best `limit` first, or fails as an unreachable one does. */
class ScriptedGraph extends InMemoryRecommendationGraph {
  candidates: Candidate[] = [];
  down = false;

  private answer(limit: number, except?: string): readonly Candidate[] {
    if (this.down) throw new GraphUnavailable('scripted outage');
    return topCandidates(this.candidates.filter((c) => c.productId !== except), limit);
  }

  override async popular(query: UserQuery) {
    return this.answer(query.limit);
  }

  override async similar(query: ProductQuery) {
    return this.answer(query.limit, query.productId);
  }
}

const PRODUCTS = 130;

describe('pages of a ranking', () => {
  let w: Commerce;
  let graph: ScriptedGraph;
  let cache: InMemoryLruCache;
  let cacheAside: CacheAside;
  let recommendations: GetRecommendations;
  let similar: GetSimilarProducts;
  let alice: Actor;
  let products: Product[];

  const recommend = async (page: PageRequest) => {
    const result = await recommendations.execute({ actor: alice, userId: alice.userId, strategy: 'popular', page });
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };
  const similarTo = async (page: PageRequest) => {
    const result = await similar.execute({ actor: alice, productId: products[0]!.id, page });
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };
  /** Every page from the first, following nextCursor: the items' ids in the order served. */
  const walk = async (read: (page: PageRequest) => Promise<{ items: readonly { product: Product }[]; nextCursor: string | null }>, limit: number) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages <= PRODUCTS; pages += 1) {
      const page = await read({ limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((i) => i.product.id));
      if (page.nextCursor === null) return ids;
      expect(page.items).toHaveLength(limit);
      cursor = page.nextCursor;
    }
    throw new Error('the walk did not end');
  };

  beforeEach(async () => {
    w = commerce();
    graph = new ScriptedGraph();
    cache = new InMemoryLruCache();
    cacheAside = new CacheAside(cache);
    recommendations = new GetRecommendations(w.uow, graph, cacheAside);
    similar = new GetSimilarProducts(w.uow, graph, cacheAside);
    alice = await w.member('acme');
    products = [];
    for (let i = 0; i < PRODUCTS; i += 1) products.push(await w.product('acme', { name: `P${i}` }));
    // Scores tie in threes and buyers in pairs, so the order leans on every part of the key.
    graph.candidates = products.map((p, i) => {
      const buyers = 50 - Math.floor(i / 2);
      return { productId: p.id, score: 10 - Math.floor(i / 3) / 10, buyers, evidence: [{ kind: 'popular', buyers }] };
    });
  });

  it.each([
    ['recommendations', () => recommend],
    ['similar products', () => similarTo],
  ])('serves %s once and in order at any page size, up to 100 items, then a null cursor', async (_, reader) => {
    const read = reader();
    const whole = await read({ limit: 100 });
    expect(whole.nextCursor).toBeNull();
    expect(whole.items).toHaveLength(100);
    const order = whole.items.map((i) => [i.score, i.buyers, i.product.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    expect(order).toEqual(sorted);
    expect(new Set(order.map(([score]) => score)).size).toBeLessThan(50);
    const ids = whole.items.map((i) => i.product.id);
    for (const limit of [1, 2, 7, 20, 21, 33]) expect(await walk(read, limit), `limit ${limit}`).toEqual(ids);
  });

  it('keeps two cached rankings per list whatever the limits and pages asked', async () => {
    for (const limit of [1, 5, 10, 20]) await recommend({ limit });
    expect((await cache.stats()).keys).toBe(1);
    await walk(recommend, 7);
    await recommend({ limit: 50 });
    expect((await cache.stats()).keys).toBe(2);
  });

  it('continues after a cursor whose item has since left the ranking', async () => {
    const whole = (await recommend({ limit: 100 })).items.map((i) => i.product.id);
    const first = await recommend({ limit: 5 });
    const gone = first.items[4]!.product;
    await w.uow.run(async (tx) => ok(await tx.products.save({ ...gone, stock: 0 })));
    await cacheAside.invalidate([cacheTags.product('acme', gone.id)]);
    const next = await recommend({ limit: 5, cursor: first.nextCursor! });
    expect(next.items.map((i) => i.product.id)).toEqual(whole.slice(5, 10));
  });

  it('looks further down the candidates when the store no longer offers many of the first, which the graph has not heard yet', async () => {
    // Two in three of the 60 best go: the first 31 candidates looked up hold only 11 on offer.
    const withdrawn = new Set(products.filter((_, i) => i % 3 !== 2 && i < 60).map((p) => p.id));
    for (const p of products.filter((q) => withdrawn.has(q.id))) await w.uow.run(async (tx) => ok(await tx.products.save({ ...p, status: 'archived' })));
    const whole = (await recommend({ limit: 100 })).items.map((i) => i.product.id);
    // What the store offers of the graph's best 100.
    expect(whole).toHaveLength(100 - withdrawn.size);
    expect(whole.filter((id) => withdrawn.has(id))).toEqual([]);
    const first = await recommend({ limit: 20 });
    expect(first.items.map((i) => i.product.id)).toEqual(whole.slice(0, 20));
    expect(await walk(recommend, 20)).toEqual(whole);
  });

  it('refuses a cursor that is not one of a ranking, before working anything out', async () => {
    graph.down = true;
    for (const cursor of [encodeCursor([12.5, 'p1']), encodeCursor(['x', 1, 'p1']), 'not-a-cursor!']) {
      await expect(recommend({ limit: 5, cursor }), cursor).rejects.toBeInstanceOf(InvalidCursor);
      await expect(similarTo({ limit: 5, cursor }), cursor).rejects.toBeInstanceOf(InvalidCursor);
    }
  });

  it('pages the store\'s fallback alike while the graph does not answer', async () => {
    graph.down = true;
    const whole = await recommend({ limit: 100 });
    expect(whole.degraded).toBe(true);
    expect(whole.items).toHaveLength(100);
    const ids = whole.items.map((i) => i.product.id);
    for (const limit of [1, 2, 20]) expect(await walk(recommend, limit), `limit ${limit}`).toEqual(ids);
    const scores = whole.items.map((i) => i.score);
    expect(new Set(scores).size).toBe(100);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
