import { InMemoryRecommendationGraph } from '../../adapters/memory/in-memory-recommendation-graph';
import { graphInterests } from '../../application/recommendations/graph-projection';
import { productTraits } from '../../domain/recommendations/product-traits';
import { blend } from '../../domain/recommendations/candidate';
import { generateDataset } from './dataset';
import { hitAt, mean, ndcgAt, rankOf, summarize } from './metrics';
const full = process.argv[2] === 'full';
const d = generateDataset({ seed: 42, users: full ? 10000 : 500, products: full ? 50000 : 2000, purchases: full ? 500000 : 20000, clusters: full ? 80 : 5, inClusterShare: 0.85, declaredShare: 0.3, inferInterests: true, endAt: new Date('2026-11-25') });
const g = new InMemoryRecommendationGraph();
const c = d.companyId;
let t = performance.now();
await g.upsertCategories(c, d.categories);
await g.upsertProducts(c, d.products.map((p) => ({ id: p.id, categoryId: d.categories[p.categoryIndex]!.id, available: true, traits: productTraits({ ...p, attributes: {} }, d.categories[p.categoryIndex]!.name) })));
const edges = Array.from(d.purchases.user, (u, n) => ({ userId: d.users[u]!.id, productId: d.products[d.purchases.product[n]!]!.id, count: 1, lastAt: new Date(d.purchases.at[n]!) }));
for (let i = 0; i < edges.length; i += 1000) await g.setPurchases(c, edges.slice(i, i + 1000));
const byUser = new Map<number, typeof d.interests[number][]>();
for (const i of d.interests) byUser.set(i.userIndex, [...(byUser.get(i.userIndex) ?? []), i]);
for (const [u, list] of byUser) await g.setInterests(c, d.users[u]!.id, graphInterests(list, new Date('2026-11-25')));
console.log('graph load ms', Math.round(performance.now() - t));
const sample = Array.from({ length: full ? 500 : 200 }, (_, i) => i);
const res: Record<string, { h: number[]; n: number[]; ms: number[] }> = {};
for (const s of ['collaborative', 'content', 'popular', 'blended', 'blend-8-15-5', 'blend-9-0-1', 'rrf']) res[s] = { h: [], n: [], ms: [] };
for (const u of sample) {
  const q = { companyId: c, userId: d.users[u]!.id, limit: 30 };
  const target = d.products[d.heldOut[u]!]!.id;
  const lists: Record<string, readonly { productId: string }[]> = {};
  for (const [s, f] of [['collaborative', () => g.coPurchases(q)], ['content', () => g.interestMatches(q)], ['popular', () => g.popular(q)]] as const) {
    t = performance.now(); lists[s] = await f(); res[s]!.ms.push(performance.now() - t);
  }
  t = performance.now();
  lists.blended = blend({ collaborative: lists.collaborative as never, content: lists.content as never, popular: lists.popular as never });
  res.blended!.ms.push(performance.now() - t);
  const scaled = (ws: [number, number, number]) => { const m = new Map<string, { productId: string; s: number; b: number }>();
    (['collaborative', 'content', 'popular'] as const).forEach((k, i) => { const l = lists[k] as readonly { productId: string; score: number; buyers: number }[]; const top = Math.max(0, ...l.map((c) => c.score));
      for (const c of l) { const e = m.get(c.productId) ?? { productId: c.productId, s: 0, b: c.buyers }; e.s += ws[i]! * (top > 0 ? c.score / top : 0); m.set(c.productId, e); } });
    return [...m.values()].sort((a, b) => b.s - a.s || b.b - a.b || (a.productId < b.productId ? -1 : 1)); };
  lists['blend-8-15-5'] = scaled([0.8, 0.15, 0.05]);
  lists['blend-9-0-1'] = scaled([0.9, 0, 0.1]);
  { const m = new Map<string, number>(); for (const k of ['collaborative', 'content', 'popular']) (lists[k] ?? []).forEach((c, r) => m.set(c.productId, (m.get(c.productId) ?? 0) + (k === 'popular' ? 0.5 : 1) / (60 + r + 1)));
    lists.rrf = [...m].sort((a, b) => b[1] - a[1]).map(([productId]) => ({ productId })); }
  for (const k of ['blend-8-15-5', 'blend-9-0-1', 'rrf']) res[k]!.ms.push(0);
  for (const s of Object.keys(res)) { const r = rankOf(lists[s]!.slice(0, 10).map((x) => x.productId), target); res[s]!.h.push(hitAt(r, 10)); res[s]!.n.push(ndcgAt(r, 10)); }
}
for (const [s, r] of Object.entries(res)) console.log(s, 'hit', mean(r.h).toFixed(4), 'ndcg', mean(r.n).toFixed(4), JSON.stringify(summarize(r.ms), (_, v) => typeof v === 'number' ? Math.round(v * 100) / 100 : v));
