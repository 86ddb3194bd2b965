// GetRecommendations: the graph proposes, the store decides. A purchase the projection has
// not seen yet, or a product gone from sale, never reaches the answer.
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheAside } from '../../../application/cache/cache-aside';
import { cacheTags } from '../../../application/cache/cache-keys';
import { GetRecommendations } from '../../../application/recommendations/get-recommendations';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InMemoryRecommendationGraph } from '../../../adapters/memory/in-memory-recommendation-graph';
import type { Product } from '../../../domain/catalog/product';
import type { Actor } from '../../../domain/identity/actor';
import { ok } from '../../../domain/shared/result';
import { commerce, eur, type Commerce } from '../orders/commerce-fixture';

describe('GetRecommendations', () => {
  let w: Commerce;
  let graph: InMemoryRecommendationGraph;
  let recommendations: GetRecommendations;
  let cache: InMemoryLruCache;
  let cacheAside: CacheAside;
  let alice: Actor;
  let products: Product[];

  const names = async (actor: Actor) => {
    const result = await recommendations.execute({ actor, userId: actor.userId, strategy: 'collaborative', page: { limit: 10 } });
    if (!result.ok) throw new Error(result.error.code);
    return result.value.items.map((i) => i.product.name);
  };

  beforeEach(async () => {
    w = commerce();
    graph = new InMemoryRecommendationGraph();
    cache = new InMemoryLruCache();
    cacheAside = new CacheAside(cache);
    recommendations = new GetRecommendations(w.uow, graph, cacheAside);
    alice = await w.member('acme');
    const bob = await w.member('acme');
    products = [];
    for (const name of ['Boots', 'Laces', 'Polish']) products.push(await w.product('acme', { name }));
    await graph.upsertProducts('acme', products.map((p) => ({ id: p.id, categoryId: null, available: true, traits: [] })));
    const at = w.clock.now();
    await graph.setPurchases('acme', [
      ...products.map((p) => ({ userId: bob.userId, productId: p.id, count: 1, lastAt: at })),
      { userId: alice.userId, productId: products[0]!.id, count: 1, lastAt: at },
    ]);
  });

  it('drops what the store says the user bought, though the graph does not know it yet', async () => {
    expect((await names(alice)).sort()).toEqual(['Laces', 'Polish']);
    await w.uow.run(async (tx) =>
      ok(await tx.orders.save({
        id: 'order-1', companyId: 'acme', userId: alice.userId, status: 'paid', placedAt: w.clock.now(),
        items: [{ productId: products[1]!.id, quantity: 1, unitPrice: eur(1000) }], total: eur(1000), history: [],
      })),
    );
    // As the order's event would, once the projection is told; the graph itself is not.
    await cacheAside.invalidate([cacheTags.recommendations('acme', alice.userId)]);
    expect(await names(alice)).toEqual(['Polish']);
  });

  it('drops what the store no longer offers, though the graph still has it available', async () => {
    await w.uow.run(async (tx) => ok(await tx.products.save({ ...products[2]!, stock: 0 })));
    expect(await names(alice)).toEqual(['Laces']);
  });

  it('answers not found for a user the store does not know, and caches nothing for them', async () => {
    const staff: Actor = { ...alice, userId: 'staff-1', role: 'staff' };
    const result = await recommendations.execute({ actor: staff, userId: 'nobody', strategy: 'blended', page: { limit: 10 } });
    expect(result.ok ? 'ok' : result.error.code).toBe('not_found');
    expect((await cache.stats()).keys).toBe(0);
  });
});
