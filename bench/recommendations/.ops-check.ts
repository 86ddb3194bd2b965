import { generateDataset } from './dataset';
import { summarize } from './metrics';
const d = generateDataset({ seed: 42, users: 10000, products: 50000, purchases: 500000, clusters: 80, inClusterShare: 0.85, declaredShare: 0.3, inferInterests: true, endAt: new Date('2026-11-25') });
const P: number[][] = d.users.map(() => []); const B: number[][] = d.products.map(() => []);
d.purchases.user.forEach((u, n) => { P[u]!.push(d.purchases.product[n]!); B[d.purchases.product[n]!]!.push(u); });
const ops: number[] = [], cands: number[] = [], buyersVisited: number[] = [];
for (let u = 0; u < 500; u++) {
  let o = 0, bv = 0; const found = new Set<number>();
  for (const p of P[u]!) for (const other of B[p]!) { if (other === u) continue; bv++; o += P[other]!.length; for (const q of P[other]!) found.add(q); }
  ops.push(o); cands.push(found.size); buyersVisited.push(bv);
}
console.log('inner-loop iterations', summarize(ops)); console.log('distinct candidates', summarize(cands)); console.log('co-buyers visited', summarize(buyersVisited));
const sizes = B.map((b) => b.length).sort((a, b) => b - a); console.log('top product buyers', sizes.slice(0, 5), 'median', sizes[25000]);
const perUser = new Map<number, number>(); for (const i of d.interests) perUser.set(i.userIndex, (perUser.get(i.userIndex) ?? 0) + 1);
console.log('interests per user', summarize([...perUser.values()]));
