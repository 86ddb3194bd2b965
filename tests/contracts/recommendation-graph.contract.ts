// The RecommendationGraph port: one suite for the embedded graph and Neo4j. Each test works
// in a company of its own, so adapters sharing a server need no cleaning between tests.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { GraphCandidate, GraphProduct, RecommendationGraph, Trait } from '../../application/ports/recommendation-graph';
import { BUYER_SAMPLE } from '../../domain/recommendations/candidate';

const at = new Date('2026-11-01T10:00:00.000Z');

const product = (id: string, traits: Trait[] = [], extra: Partial<GraphProduct> = {}): GraphProduct => ({
  id,
  categoryId: null,
  available: true,
  traits,
  ...extra,
});

const ids = (candidates: readonly GraphCandidate[]) => candidates.map((c) => c.productId);

export function recommendationGraphContract(open: () => Promise<RecommendationGraph>): void {
  let graph: RecommendationGraph;
  let company: string;

  beforeAll(async () => {
    graph = await open();
    await graph.ensureSchema();
  });

  const freshCompany = () => (company = `company-${randomUUID()}`);

  /** Each user bought each listed product once. */
  const bought = (purchases: Record<string, string[]>, companyId = company) =>
    graph.setPurchases(
      companyId,
      Object.entries(purchases).flatMap(([userId, products]) => products.map((productId) => ({ userId, productId, count: 1, lastAt: at }))),
    );

  it('creates its schema idempotently and answers a ping', async () => {
    await graph.ensureSchema();
    await expect(graph.ping()).resolves.toBeUndefined();
  });

  it('ranks popular products by buyers, then id, skipping unavailable ones and what the user bought', async () => {
    freshCompany();
    await graph.upsertProducts(company, [product('a'), product('b'), product('c'), product('d'), product('gone', [], { available: false })]);
    await bought({ u1: ['a', 'b', 'gone'], u2: ['a', 'gone'], u3: ['a', 'c', 'gone'] });

    const forStranger = await graph.popular({ companyId: company, userId: 'nobody', limit: 10 });
    expect(ids(forStranger)).toEqual(['a', 'b', 'c', 'd']);
    expect(forStranger.map((c) => [c.score, c.buyers])).toEqual([[3, 3], [1, 1], [1, 1], [0, 0]]);
    expect(forStranger[0]?.evidence).toEqual([{ kind: 'popular', buyers: 3 }]);

    expect(ids(await graph.popular({ companyId: company, userId: 'u1', limit: 10 }))).toEqual(['c', 'd']);
    expect(ids(await graph.popular({ companyId: company, userId: 'nobody', limit: 2 }))).toEqual(['a', 'b']);
  });

  it('scores co-purchases as summed cosine terms and names the strongest product that led there', async () => {
    freshCompany();
    await graph.upsertProducts(company, ['a', 'b', 'c', 'd', 'e'].map((id) => product(id)).concat(product('off', [], { available: false })));
    await bought({ me: ['a', 'b'], u2: ['a', 'c', 'off'], u3: ['a', 'c', 'd'], u4: ['b', 'e'], u5: ['e'] });

    const found = await graph.coPurchases({ companyId: company, userId: 'me', limit: 10 });
    expect(ids(found)).toEqual(['c', 'd', 'e']);
    const [c, d, e] = found;
    // c: bought with a by u2 and u3: 2 / sqrt(|B(a)|=3 · |B(c)|=2)
    expect(c?.score).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(c?.evidence).toEqual([{ kind: 'co_purchase', productId: 'a', strength: expect.closeTo(2 / Math.sqrt(6), 6) }]);
    expect(d?.score).toBeCloseTo(1 / Math.sqrt(3), 6);
    // e: bought with b by u4: 1 / sqrt(|B(b)|=2 · |B(e)|=2)
    expect(e?.score).toBeCloseTo(0.5, 6);
    expect(e?.evidence[0]).toMatchObject({ kind: 'co_purchase', productId: 'b' });
    expect(c?.buyers).toBe(2);

    expect(await graph.coPurchases({ companyId: company, userId: 'nobody', limit: 10 })).toEqual([]);
    expect(ids(await graph.coPurchases({ companyId: company, userId: 'me', limit: 1 }))).toEqual(['c']);
  });

  it('matches interests to traits case-insensitively and credits purchased categories', async () => {
    freshCompany();
    await graph.upsertCategories(company, [{ id: 'cat-shoes', name: 'Shoes' }, { id: 'cat-hats', name: 'Hats' }]);
    await graph.upsertProducts(company, [
      product('both', [{ dimension: 'brand', value: 'ACME' }, { dimension: 'tag', value: 'red' }]),
      product('brand-only', [{ dimension: 'brand', value: 'acme' }]),
      product('tag-only', [{ dimension: 'tag', value: 'Red' }], { categoryId: 'cat-hats' }),
      product('shoe', [{ dimension: 'category', value: 'Shoes' }], { categoryId: 'cat-shoes' }),
      product('owned-shoe', [], { categoryId: 'cat-shoes' }),
      product('hidden', [{ dimension: 'brand', value: 'Acme' }], { available: false }),
      product('unrelated', [{ dimension: 'brand', value: 'Other' }]),
    ]);
    await graph.setInterests(company, 'me', [
      { dimension: 'brand', value: 'Acme', weight: 0.8 },
      { dimension: 'tag', value: 'RED', weight: 0.4 },
      { dimension: 'color', value: 'blue', weight: 0.9 },
    ]);
    await bought({ me: ['owned-shoe'] });

    const found = await graph.interestMatches({ companyId: company, userId: 'me', limit: 10 });
    expect(ids(found)).toEqual(['both', 'brand-only', 'shoe', 'tag-only']);
    expect(found.map((c) => c.score)).toEqual([expect.closeTo(1.2, 6), expect.closeTo(0.8, 6), expect.closeTo(0.5, 6), expect.closeTo(0.4, 6)]);
    expect(found[0]?.evidence).toEqual([
      { kind: 'interest', dimension: 'brand', value: 'Acme', weight: expect.closeTo(0.8, 6) },
      { kind: 'interest', dimension: 'tag', value: 'RED', weight: expect.closeTo(0.4, 6) },
    ]);
    expect(found[2]?.evidence).toEqual([{ kind: 'category', categoryId: 'cat-shoes', name: 'Shoes', weight: expect.closeTo(0.5, 6) }]);

    expect(await graph.interestMatches({ companyId: company, userId: 'nobody', limit: 10 })).toEqual([]);
  });

  it('finds similar products by co-purchase and shared traits', async () => {
    freshCompany();
    await graph.upsertProducts(company, [
      product('boot', [{ dimension: 'brand', value: 'Acme' }, { dimension: 'tag', value: 'leather' }]),
      product('belt', [{ dimension: 'tag', value: 'Leather' }]),
      product('sock'),
      product('hat', [{ dimension: 'brand', value: 'acme' }, { dimension: 'tag', value: 'leather' }]),
      product('gone', [{ dimension: 'brand', value: 'Acme' }], { available: false }),
    ]);
    await bought({ u1: ['boot', 'sock'], u2: ['boot', 'sock', 'belt'] });

    const found = await graph.similar({ companyId: company, productId: 'boot', limit: 10 });
    expect(ids(found)).toEqual(['sock', 'belt', 'hat']);
    expect(found[0]?.score).toBeCloseTo(2 / Math.sqrt(2 * 2), 6);
    expect(found[0]?.evidence).toEqual([{ kind: 'co_purchase', productId: 'boot', strength: expect.closeTo(1, 6) }]);
    // belt: bought with boot once (1/sqrt(2·1)) plus one shared trait
    expect(found[1]?.score).toBeCloseTo(1 / Math.sqrt(2) + 0.1, 6);
    expect(found[2]?.score).toBeCloseTo(0.2, 6);
    expect(found[2]?.evidence).toEqual(
      expect.arrayContaining([
        { kind: 'trait', dimension: 'brand', value: 'Acme' },
        { kind: 'trait', dimension: 'tag', value: 'leather' },
      ]),
    );
    expect(await graph.similar({ companyId: company, productId: 'unknown', limit: 10 })).toEqual([]);
  });

  it('counts co-purchases over the most recent buyers of each product only, and normalises by all of them', async () => {
    freshCompany();
    await graph.upsertProducts(company, [product('hub'), product('old'), product('new')]);
    const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
    // `hub` has BUYER_SAMPLE + 2 buyers besides `me`, b00 oldest, and `me` bought it last.
    const buyers = Array.from({ length: BUYER_SAMPLE + 2 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    await graph.setPurchases(company, [
      { userId: 'me', productId: 'hub', count: 1, lastAt: minutes(1000) },
      ...buyers.map((userId, i) => ({ userId, productId: 'hub', count: 1, lastAt: minutes(i + 1) })),
      { userId: 'b00', productId: 'old', count: 1, lastAt: minutes(0) },
      { userId: 'b02', productId: 'old', count: 1, lastAt: minutes(0) },
      { userId: buyers.at(-1)!, productId: 'new', count: 1, lastAt: minutes(0) },
    ]);
    const hubBuyers = BUYER_SAMPLE + 3;

    // The asking user takes no place in the sample: it runs from the newest buyer down to b02,
    // so `old` counts once (b02, not b00), over all of its and hub's buyers.
    const found = await graph.coPurchases({ companyId: company, userId: 'me', limit: 10 });
    expect(ids(found)).toEqual(['new', 'old']);
    expect(found.map((c) => c.score)).toEqual([expect.closeTo(1 / Math.sqrt(hubBuyers), 6), expect.closeTo(1 / Math.sqrt(hubBuyers * 2), 6)]);

    // `similar` leaves nobody out: `me` is the newest buyer, so the sample ends at b03.
    const similar = await graph.similar({ companyId: company, productId: 'hub', limit: 10 });
    expect(ids(similar)).toEqual(['new']);
    expect(similar[0]?.score).toBeCloseTo(1 / Math.sqrt(hubBuyers), 6);
  });

  it('replaces traits, availability, interests and purchase counts; a count of 0 removes the purchase', async () => {
    freshCompany();
    await graph.upsertProducts(company, [product('p', [{ dimension: 'brand', value: 'Old' }]), product('q')]);
    await graph.setInterests(company, 'me', [{ dimension: 'brand', value: 'old', weight: 1 }]);
    expect(ids(await graph.interestMatches({ companyId: company, userId: 'me', limit: 10 }))).toEqual(['p']);

    await graph.upsertProducts(company, [product('p', [{ dimension: 'brand', value: 'New' }])]);
    expect(await graph.interestMatches({ companyId: company, userId: 'me', limit: 10 })).toEqual([]);
    await graph.setInterests(company, 'me', [{ dimension: 'brand', value: 'new', weight: 0.5 }]);
    expect(ids(await graph.interestMatches({ companyId: company, userId: 'me', limit: 10 }))).toEqual(['p']);
    await graph.setInterests(company, 'me', []);
    expect(await graph.interestMatches({ companyId: company, userId: 'me', limit: 10 })).toEqual([]);

    await bought({ me: ['p'], other: ['p', 'q'] });
    expect(ids(await graph.popular({ companyId: company, userId: 'me', limit: 10 }))).toEqual(['q']);
    await graph.setPurchases(company, [{ userId: 'me', productId: 'p', count: 0, lastAt: at }]);
    const popular = await graph.popular({ companyId: company, userId: 'me', limit: 10 });
    expect(popular.map((c) => [c.productId, c.buyers])).toEqual([['p', 1], ['q', 1]]);

    await graph.upsertProducts(company, [product('q', [], { available: false })]);
    expect(ids(await graph.popular({ companyId: company, userId: 'me', limit: 10 }))).toEqual(['p']);
  });

  it('applying the same writes twice changes nothing', async () => {
    freshCompany();
    const write = async () => {
      await graph.upsertProducts(company, [product('a', [{ dimension: 'tag', value: 'x' }]), product('b', [{ dimension: 'tag', value: 'x' }])]);
      await bought({ u1: ['a', 'b'], u2: ['a'] });
      await graph.setInterests(company, 'u2', [{ dimension: 'tag', value: 'x', weight: 0.7 }]);
    };
    const answers = async () => [
      await graph.popular({ companyId: company, userId: 'u2', limit: 10 }),
      await graph.coPurchases({ companyId: company, userId: 'u2', limit: 10 }),
      await graph.interestMatches({ companyId: company, userId: 'u2', limit: 10 }),
      await graph.similar({ companyId: company, productId: 'a', limit: 10 }),
    ];
    await write();
    const first = await answers();
    await write();
    expect(await answers()).toEqual(first);
    expect(first[0]?.map((c) => c.buyers)).toEqual([1]);
  });

  it('keeps companies apart, and clearing one leaves the others', async () => {
    const [one, two] = [freshCompany(), freshCompany()];
    for (const companyId of [one, two]) await graph.upsertProducts(companyId, [product('shared', [{ dimension: 'tag', value: 't' }]), product('x')]);
    await bought({ u: ['shared', 'x'], v: ['shared'] }, one);
    await graph.setInterests(one, 'v', [{ dimension: 'tag', value: 't', weight: 1 }]);

    expect((await graph.popular({ companyId: two, userId: 'v', limit: 10 })).map((c) => c.buyers)).toEqual([0, 0]);
    expect(await graph.coPurchases({ companyId: two, userId: 'v', limit: 10 })).toEqual([]);
    expect(await graph.interestMatches({ companyId: two, userId: 'v', limit: 10 })).toEqual([]);
    expect(ids(await graph.coPurchases({ companyId: one, userId: 'v', limit: 10 }))).toEqual(['x']);

    await graph.clearCompany(one);
    expect(await graph.popular({ companyId: one, userId: 'v', limit: 10 })).toEqual([]);
    expect(await graph.similar({ companyId: one, productId: 'shared', limit: 10 })).toEqual([]);
    expect(ids(await graph.popular({ companyId: two, userId: 'v', limit: 10 }))).toEqual(['shared', 'x']);
  });

  it('writes large batches in one call', async () => {
    freshCompany();
    const products = Array.from({ length: 2500 }, (_, i) => product(`p${String(i).padStart(5, '0')}`, [{ dimension: 'tag', value: `t${i % 10}` }]));
    await graph.upsertProducts(company, products);
    await graph.setPurchases(
      company,
      Array.from({ length: 5000 }, (_, i) => ({ userId: `u${i % 700}`, productId: `p${String(i % 2500).padStart(5, '0')}`, count: 1, lastAt: at })),
    );
    const popular = await graph.popular({ companyId: company, userId: 'nobody', limit: 3 });
    expect(popular.map((c) => c.buyers)).toEqual([2, 2, 2]);
    expect(ids(popular)).toEqual(['p00000', 'p00001', 'p00002']);
  });
}
