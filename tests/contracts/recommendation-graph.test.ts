import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryRecommendationGraph } from '../../adapters/memory/in-memory-recommendation-graph';
import type { RecommendationGraph } from '../../application/ports/recommendation-graph';
import { recommendationGraphContract } from './recommendation-graph.contract';

describe('RecommendationGraph [embedded]', () => {
  recommendationGraphContract(async () => new InMemoryRecommendationGraph());
});

// Every product with a buyer keeps co-buyer counts, so the contract runs through that path too.
describe('RecommendationGraph [embedded, co-buyer counts for every product]', () => {
  recommendationGraphContract(async () => new InMemoryRecommendationGraph({ manyBuyers: 1, maxCounted: 1_000 }));
});

describe('InMemoryRecommendationGraph co-buyer counts', () => {
  const products = ['p0', 'p1', 'p2', 'p3', 'p4'];
  const users = ['u0', 'u1', 'u2', 'u3', 'u4'];
  const at = new Date('2026-11-01T00:00:00Z');
  const step = fc.oneof(
    fc.record({ kind: fc.constant('product' as const), id: fc.constantFrom(...products), available: fc.boolean() }),
    fc.record({ kind: fc.constant('purchase' as const), userId: fc.constantFrom(...users), productId: fc.constantFrom(...products), count: fc.integer({ min: 0, max: 2 }) }),
    fc.constant({ kind: 'compare' as const }),
  );

  const answers = async (graph: RecommendationGraph) => ({
    coPurchases: await Promise.all(users.map((userId) => graph.coPurchases({ companyId: 'c', userId, limit: 4 }))),
    similar: await Promise.all(products.map((productId) => graph.similar({ companyId: 'c', productId, limit: 4 }))),
  });

  it('answer exactly as walking the baskets does, through any interleaving of writes and reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 80 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), async (steps, manyBuyers, maxCounted) => {
        const walking = new InMemoryRecommendationGraph();
        const counting = new InMemoryRecommendationGraph({ manyBuyers, maxCounted });
        for (const s of steps) {
          for (const graph of [walking, counting]) {
            if (s.kind === 'product') await graph.upsertProducts('c', [{ id: s.id, categoryId: null, available: s.available, traits: [] }]);
            if (s.kind === 'purchase') await graph.setPurchases('c', [{ userId: s.userId, productId: s.productId, count: s.count, lastAt: at }]);
          }
          if (s.kind === 'compare') expect(await answers(counting)).toEqual(await answers(walking));
        }
        expect(await answers(counting)).toEqual(await answers(walking));
      }),
      { numRuns: 300 },
    );
  });
});
