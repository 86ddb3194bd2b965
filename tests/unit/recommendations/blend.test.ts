import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLEND_WEIGHTS, blend, byRank, type Candidate } from '../../../domain/recommendations/candidate';
import { productTraits } from '../../../domain/recommendations/product-traits';

const candidate = (productId: string, score: number, buyers = 0): Candidate => ({
  productId, score, buyers, evidence: [{ kind: 'popular', buyers }],
});

describe('blend', () => {
  it('scales each strategy to its best candidate and sums the weighted shares per product', () => {
    const blended = blend({
      collaborative: [candidate('a', 2), candidate('b', 1)],
      content: [candidate('b', 0.5), candidate('c', 0.25)],
      popular: [candidate('c', 10, 10), candidate('a', 5, 5)],
    });
    const scores = Object.fromEntries(blended.map((c) => [c.productId, c.score]));
    expect(scores.a).toBeCloseTo(BLEND_WEIGHTS.collaborative + BLEND_WEIGHTS.popular * 0.5);
    expect(scores.b).toBeCloseTo(BLEND_WEIGHTS.collaborative * 0.5 + BLEND_WEIGHTS.content);
    expect(scores.c).toBeCloseTo(BLEND_WEIGHTS.content * 0.5 + BLEND_WEIGHTS.popular);
    expect(blended.map((c) => c.productId)).toEqual(['a', 'b', 'c']);
    expect(blended.find((c) => c.productId === 'a')?.evidence).toHaveLength(2);
  });

  it('answers with popularity alone when nothing else knows the user', () => {
    const blended = blend({ collaborative: [], content: [], popular: [candidate('x', 3, 3), candidate('y', 0, 0)] });
    expect(blended.map((c) => [c.productId, c.score])).toEqual([['x', BLEND_WEIGHTS.popular], ['y', 0]]);
  });

  it('keeps every product once, ranked, with scores between 0 and 1', () => {
    const list = fc.array(fc.record({ productId: fc.constantFrom('a', 'b', 'c', 'd', 'e'), score: fc.double({ min: 0, max: 100, noNaN: true }), buyers: fc.nat(50) }), { maxLength: 5 })
      .map((items) => [...new Map(items.map((i) => [i.productId, { ...i, evidence: [] }])).values()]);
    fc.assert(
      fc.property(list, list, list, (collaborative, content, popular) => {
        const blended = blend({ collaborative, content, popular });
        const ids = blended.map((c) => c.productId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set([...collaborative, ...content, ...popular].map((c) => c.productId)));
        for (const c of blended) {
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(1 + 1e-9);
        }
        expect([...blended].sort(byRank)).toEqual(blended);
      }),
    );
  });
});

describe('productTraits', () => {
  it('turns category, brand, tags and attributes into traits, once each', () => {
    expect(productTraits({ brand: 'Acme', tags: ['Red', 'red ', 'wool'], attributes: { Color: 'Blue', size: ' ' } }, 'Hats')).toEqual([
      { dimension: 'category', value: 'Hats' },
      { dimension: 'brand', value: 'Acme' },
      { dimension: 'tag', value: 'Red' },
      { dimension: 'tag', value: 'wool' },
      { dimension: 'color', value: 'Blue' },
    ]);
    expect(productTraits({ brand: null, tags: [], attributes: {} }, null)).toEqual([]);
  });
});
