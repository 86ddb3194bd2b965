// A shop with planted structure for the recommendation bench, deterministic from a seed.
// Products form clusters (one brand and style tag per cluster, a category shared by a few
// clusters); each user belongs to one or two clusters and buys mostly inside them, the rest
// from a Zipf-shaped global popularity, so `popular` is a fair baseline that the graph
// strategies should beat. Each user's last purchase is held out: it is what the
// recommendations should find. Pure: no I/O, no clock, no Math.random.
import type { Interest } from '../../domain/interests/interest';
import { reinforce } from '../../domain/interests/interest-inference';

export interface DatasetOptions {
  readonly seed: number;
  readonly users: number;
  readonly products: number;
  /** Purchases wanted in total, held-out ones included (the result is close, not exact). */
  readonly purchases: number;
  readonly clusters: number;
  /** Share of purchases made inside the user's own clusters. */
  readonly inClusterShare: number;
  /** Share of users who declared interests (brand and style of their clusters). */
  readonly declaredShare: number;
  /** Derive inferred interests from the training purchases, as the interest-inference consumer would. */
  readonly inferInterests: boolean;
  /** When the history ends; purchases spread over the year before. */
  readonly endAt: Date;
}

export interface BenchProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly categoryIndex: number;
  readonly brand: string;
  readonly tags: readonly string[];
  readonly priceCents: number;
}

export interface BenchUser {
  readonly id: string;
  readonly email: string;
  /** Cluster indexes, the primary first. */
  readonly clusters: readonly number[];
}

export interface BenchInterest extends Interest {
  readonly userIndex: number;
}

export interface Dataset {
  readonly companyId: string;
  readonly categories: readonly { readonly id: string; readonly name: string }[];
  readonly products: readonly BenchProduct[];
  readonly users: readonly BenchUser[];
  /** Training purchases, one unit each, grouped by user and oldest first. */
  readonly purchases: { readonly user: Int32Array; readonly product: Int32Array; readonly at: Float64Array };
  /** Per user, the product index of the held-out (last) purchase, -1 when the user has none. */
  readonly heldOut: Int32Array;
  /** Per user, 1 when the held-out purchase came from the user's own clusters. */
  readonly heldOutInCluster: Uint8Array;
  readonly interests: readonly BenchInterest[];
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 365;
const MATERIALS = 12;
const ZIPF_EXPONENT = 1;
/** Purchase counts vary per user (log-normal), capped at this multiple of the mean. */
const COUNT_SIGMA = 0.6;
const COUNT_CAP = 5;
/** Every user has a history to learn from and a purchase to hold out. */
const MIN_COUNT = 2;

/**
 * Per-user counts rounded and clamped lose or gain a few purchases against the total asked
 * for; the difference is spread one purchase per user, in user order, within the bounds.
 */
function toTotal(counts: number[], total: number, cap: number): number[] {
  if (total < counts.length * MIN_COUNT || total > counts.length * cap) throw new Error(`cannot spread ${total} purchases over ${counts.length} users`);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let u = 0; missing !== 0; u = (u + 1) % counts.length) {
    if (missing > 0 && counts[u]! < cap) {
      counts[u]! += 1;
      missing -= 1;
    } else if (missing < 0 && counts[u]! > MIN_COUNT) {
      counts[u]! -= 1;
      missing += 1;
    }
  }
  return counts;
}

/** mulberry32: small, fast, good enough to plant structure. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Cumulative Zipf weights of ranks 1..n. */
function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let rank = 1; rank <= n; rank++) cdf[rank - 1] = sum += 1 / rank ** ZIPF_EXPONENT;
  for (let i = 0; i < n; i++) cdf[i] = cdf[i]! / sum;
  return cdf;
}

/** 0-based rank drawn from a cumulative distribution. */
function draw(cdf: Float64Array, random: () => number): number {
  const u = random();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const pad = (n: number) => String(n).padStart(6, '0');
export const productId = (i: number) => `bench-p-${pad(i)}`;
export const userId = (i: number) => `bench-u-${pad(i)}`;

export function generateDataset(options: DatasetOptions): Dataset {
  const random = rng(options.seed);
  const K = options.clusters;
  const categoryCount = Math.max(2, Math.ceil(K / 3));
  const categories = Array.from({ length: categoryCount }, (_, c) => ({ id: `bench-cat-${c}`, name: `Category ${c}` }));

  // Product i sits in cluster i % K at rank floor(i / K) of that cluster's popularity.
  const products: BenchProduct[] = Array.from({ length: options.products }, (_, i) => {
    const cluster = i % K;
    const brand = `Brand ${cluster}`;
    const tags = [`style-${cluster}`, `material-${Math.floor(random() * MATERIALS)}`];
    return {
      id: productId(i),
      sku: `BENCH-${pad(i)}`,
      name: `${brand} ${tags[0]} item ${i}`,
      description: `A ${tags[1]} product of ${brand}`,
      categoryIndex: cluster % categoryCount,
      brand,
      tags,
      priceCents: 500 + Math.floor(random() * 200) * 100,
    };
  });
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < options.products; i++) members[i % K]!.push(i);
  const clusterCdfs = members.map((m) => zipfCdf(m.length));
  const globalOrder = shuffle(Array.from({ length: options.products }, (_, i) => i), random);
  const globalCdf = zipfCdf(options.products);

  const users: BenchUser[] = Array.from({ length: options.users }, (_, u) => {
    const primary = Math.floor(random() * K);
    const clusters = [primary];
    if (K > 1 && random() < 0.4) clusters.push((primary + 1 + Math.floor(random() * (K - 1))) % K);
    return { id: userId(u), email: `${userId(u)}@bench.test`, clusters };
  });

  const weights = users.map(() => Math.exp(COUNT_SIGMA * gaussian(random)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const meanCount = options.purchases / options.users;
  const cap = Math.round(COUNT_CAP * meanCount);
  const counts = toTotal(
    weights.map((w) => Math.max(MIN_COUNT, Math.min(cap, Math.round((options.purchases * w) / weightSum)))),
    options.purchases,
    cap,
  );

  const pick = (user: BenchUser, bought: Set<number>): { product: number; inCluster: boolean } | null => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const inCluster = random() < options.inClusterShare;
      let product: number;
      if (inCluster) {
        const cluster = user.clusters.length > 1 && random() >= 0.75 ? user.clusters[1]! : user.clusters[0]!;
        product = members[cluster]![draw(clusterCdfs[cluster]!, random)]!;
      } else {
        product = globalOrder[draw(globalCdf, random)]!;
      }
      // No repeat purchases: the held-out product must be one the user has not bought yet.
      if (!bought.has(product)) return { product, inCluster };
    }
    return null;
  };

  const trainUser: number[] = [];
  const trainProduct: number[] = [];
  const trainAt: number[] = [];
  const heldOut = new Int32Array(options.users).fill(-1);
  const heldOutInCluster = new Uint8Array(options.users);
  const start = options.endAt.getTime() - HISTORY_DAYS * DAY_MS;
  for (let u = 0; u < options.users; u++) {
    const user = users[u]!;
    const bought = new Set<number>();
    const picks: { product: number; inCluster: boolean }[] = [];
    // A pick can fail (30 draws all bought already); more draws keep the total the one asked for.
    for (let tries = 0; picks.length < counts[u]! && tries < 2 * counts[u]!; tries++) {
      const picked = pick(user, bought);
      if (!picked) continue;
      bought.add(picked.product);
      picks.push(picked);
    }
    const times = picks.map(() => start + Math.floor(random() * (HISTORY_DAYS * DAY_MS - DAY_MS))).sort((a, b) => a - b);
    const last = picks.length - 1;
    if (last < 0) continue;
    heldOut[u] = picks[last]!.product;
    heldOutInCluster[u] = picks[last]!.inCluster ? 1 : 0;
    for (let n = 0; n < last; n++) {
      trainUser.push(u);
      trainProduct.push(picks[n]!.product);
      trainAt.push(times[n]!);
    }
  }

  const interests = [
    ...declaredInterests(users, options, random),
    ...(options.inferInterests ? inferredInterests(trainUser, trainProduct, trainAt, products, categories) : []),
  ];
  return {
    companyId: 'bench-company',
    categories,
    products,
    users,
    purchases: { user: Int32Array.from(trainUser), product: Int32Array.from(trainProduct), at: Float64Array.from(trainAt) },
    heldOut,
    heldOutInCluster,
    interests,
  };
}

function declaredInterests(users: readonly BenchUser[], options: DatasetOptions, random: () => number): BenchInterest[] {
  const updatedAt = new Date(options.endAt.getTime() - 30 * DAY_MS);
  const interests: BenchInterest[] = [];
  users.forEach((user, userIndex) => {
    if (random() >= options.declaredShare) return;
    const [primary, secondary] = user.clusters;
    const declare = (dimension: string, value: string, weight: number) =>
      interests.push({ userIndex, dimension, value, weight: Math.round(weight * 100) / 100, source: 'explicit', updatedAt });
    declare('brand', `Brand ${primary}`, 0.6 + 0.4 * random());
    declare('tag', `style-${primary}`, 0.5 + 0.4 * random());
    if (secondary !== undefined) declare('brand', `Brand ${secondary}`, 0.3 + 0.3 * random());
  });
  return interests;
}

/** What the interest-inference consumer would have stored after each paid order (one line each). */
function inferredInterests(
  user: readonly number[],
  product: readonly number[],
  at: readonly number[],
  products: readonly BenchProduct[],
  categories: Dataset['categories'],
): BenchInterest[] {
  const interests: BenchInterest[] = [];
  let inferred: Interest[] = [];
  for (let n = 0; n < user.length; n++) {
    const p = products[product[n]!]!;
    inferred = reinforce(inferred, [{ categoryName: categories[p.categoryIndex]!.name, brand: p.brand, tags: p.tags, quantity: 1 }], new Date(at[n]!));
    if (user[n + 1] !== user[n]) {
      for (const interest of inferred) interests.push({ ...interest, userIndex: user[n]! });
      inferred = [];
    }
  }
  return interests;
}
