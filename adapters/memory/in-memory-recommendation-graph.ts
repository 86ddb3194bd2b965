// The embedded knowledge graph: the projection held in process memory, scored exactly as
// the port defines. It keeps nothing on disk; the application rebuilds it from the store at
// start (SPEC §1.1 embedded default), so a restart loses nothing.
//
// Reads walk tens of thousands of edges per query, so products and users are interned as
// small integers: adjacency lists are typed arrays cached per node (dropped when that node's
// edges change; a product's buyers most recent first), and scores accumulate in scratch arrays
// indexed by product. Evidence is built only for the candidates that make the cut. Queries
// never await while using the scratch arrays, so concurrent calls cannot interleave inside one.
import type {
  GraphCandidate,
  GraphCategory,
  GraphProduct,
  ProductQuery,
  PurchaseEdge,
  RecommendationGraph,
  Trait,
  UserQuery,
  WeightedInterest,
} from '../../application/ports/recommendation-graph';
import { BUYER_SAMPLE, CATEGORY_WEIGHT, strongestEvidence, TRAIT_WEIGHT, type Evidence } from '../../domain/recommendations/candidate';
import { traitKey } from '../../domain/recommendations/product-traits';
import { byCodePoint } from '../../domain/shared/code-point-order';

interface Purchase {
  count: number;
  lastAt: Date;
}

interface ProductNode {
  readonly id: string;
  available: boolean;
  categoryId: string | null;
  /** trait key → trait, in the order the product lists them. */
  traits: Map<string, Trait>;
  /** user index → purchase */
  readonly buyers: Map<number, Purchase>;
  /** User indices, latest purchase first, then user id: the order the buyer sample is taken in. */
  buyerList: Int32Array | null;
}

interface UserNode {
  readonly id: string;
  /** product index → purchase, in the order the purchases were first written. */
  readonly purchases: Map<number, Purchase>;
  /** Product indices sorted by product id: the order co-purchase terms are summed in. */
  purchaseList: Int32Array | null;
  /** trait key → interest, in the order they were set. */
  interests: Map<string, WeightedInterest>;
}

/** Per-product working arrays of one query, zeroed again before it returns. */
class Scratch {
  score = new Float64Array(0);
  count = new Int32Array(0);
  /** Per product: the bought product whose term was the largest (co-purchase), or a flag. */
  tag = new Int32Array(0);
  strength = new Float64Array(0);
  /** 1 for the products the asking user bought. */
  mine = new Uint8Array(0);
  readonly touched: number[] = [];

  fit(size: number): void {
    if (this.score.length >= size) return;
    const capacity = Math.max(size, this.score.length * 2, 1024);
    this.score = new Float64Array(capacity);
    this.count = new Int32Array(capacity);
    this.tag = new Int32Array(capacity);
    this.strength = new Float64Array(capacity);
    this.mine = new Uint8Array(capacity);
  }

  reset(): void {
    for (const i of this.touched) {
      this.score[i] = 0;
      this.count[i] = 0;
      this.tag[i] = 0;
      this.strength[i] = 0;
    }
    this.touched.length = 0;
  }
}

class CompanyGraph {
  private readonly productIndex = new Map<string, number>();
  readonly products: ProductNode[] = [];
  private readonly userIndex = new Map<string, number>();
  readonly users: UserNode[] = [];
  readonly categories = new Map<string, string>();
  readonly productsByCategory = new Map<string, Set<number>>();
  readonly productsByTrait = new Map<string, Set<number>>();
  readonly scratch = new Scratch();
  /** Per product index, mirrored from the nodes: the hot loops read these, not the node objects. */
  private buyerCounts = new Int32Array(1024);
  private availability = new Uint8Array(1024);
  /** Available products, most bought first; dropped on every write and rebuilt on the next read. */
  private ranked: number[] | null = null;

  productAt(id: string): number | undefined {
    return this.productIndex.get(id);
  }

  userIndexOf(id: string): number | undefined {
    return this.userIndex.get(id);
  }

  userAt(id: string): UserNode | undefined {
    const index = this.userIndex.get(id);
    return index === undefined ? undefined : this.users[index];
  }

  /** The product's index, creating an unavailable node for a product seen only in a purchase. */
  internProduct(id: string): number {
    let index = this.productIndex.get(id);
    if (index === undefined) {
      index = this.products.length;
      this.productIndex.set(id, index);
      this.products.push({ id, available: false, categoryId: null, traits: new Map(), buyers: new Map(), buyerList: null });
      if (index >= this.buyerCounts.length) {
        const buyerCounts = new Int32Array(this.buyerCounts.length * 2);
        buyerCounts.set(this.buyerCounts);
        this.buyerCounts = buyerCounts;
        const availability = new Uint8Array(this.availability.length * 2);
        availability.set(this.availability);
        this.availability = availability;
      }
    }
    return index;
  }

  /** Call after changing the node's availability or buyers. */
  mirror(product: number): void {
    const node = this.products[product]!;
    this.buyerCounts[product] = node.buyers.size;
    this.availability[product] = node.available ? 1 : 0;
  }

  isAvailable(product: number): boolean {
    return this.availability[product] === 1;
  }

  internUser(id: string): number {
    let index = this.userIndex.get(id);
    if (index === undefined) {
      index = this.users.length;
      this.userIndex.set(id, index);
      this.users.push({ id, purchases: new Map(), purchaseList: null, interests: new Map() });
    }
    return index;
  }

  changed(): void {
    this.ranked = null;
  }

  buyersOf(product: number): Int32Array {
    const node = this.products[product]!;
    node.buyerList ??= Int32Array.from(node.buyers.keys()).sort(
      (a, b) => node.buyers.get(b)!.lastAt.getTime() - node.buyers.get(a)!.lastAt.getTime() || byCodePoint(this.users[a]!.id, this.users[b]!.id),
    );
    return node.buyerList;
  }

  purchasesOf(user: UserNode): Int32Array {
    user.purchaseList ??= Int32Array.from(user.purchases.keys()).sort((a, b) => byCodePoint(this.products[a]!.id, this.products[b]!.id));
    return user.purchaseList;
  }

  buyerCount(product: number): number {
    return this.buyerCounts[product]!;
  }

  popularity(): readonly number[] {
    this.ranked ??= this.products
      .map((node, index) => ({ node, index }))
      .filter(({ node }) => node.available)
      .sort((a, b) => b.node.buyers.size - a.node.buyers.size || byCodePoint(a.node.id, b.node.id))
      .map(({ index }) => index);
    return this.ranked;
  }

  /** The best `limit` of the touched products by (score, buyers, id), best first. */
  best(limit: number, eligible: (product: number) => boolean): number[] {
    const { score, touched } = this.scratch;
    const worse = (a: number, b: number): boolean =>
      score[a]! < score[b]! ||
      (score[a] === score[b] && (this.buyerCount(a) < this.buyerCount(b) || (this.buyerCount(a) === this.buyerCount(b) && this.products[a]!.id > this.products[b]!.id)));
    // Insertion into a short sorted array: most candidates lose against the last one at once.
    const kept: number[] = [];
    for (const product of touched) {
      // Most candidates score below the last one kept: turned away before any call.
      if (kept.length === limit && score[product]! < score[kept[limit - 1]!]!) continue;
      if (!eligible(product)) continue;
      if (kept.length === limit && !worse(kept[limit - 1]!, product)) continue;
      let at = kept.length === limit ? limit - 1 : kept.length;
      while (at > 0 && worse(kept[at - 1]!, product)) {
        kept[at] = kept[at - 1]!;
        at -= 1;
      }
      kept[at] = product;
    }
    return kept;
  }
}

/** An index entry's members as a typed array, made on first read after the entry changed: reads iterate it far faster than the set. */
const memberLists = new WeakMap<Set<number>, Int32Array>();
const NO_MEMBERS = new Int32Array(0);

const membersOf = (set: Set<number> | undefined): Int32Array => {
  if (!set) return NO_MEMBERS;
  let list = memberLists.get(set);
  if (!list) memberLists.set(set, (list = Int32Array.from(set)));
  return list;
};

const index = (map: Map<string, Set<number>>, key: string, member: number, add: boolean): void => {
  let set = map.get(key);
  if (add) {
    if (!set) map.set(key, (set = new Set()));
    set.add(member);
  } else if (set) {
    set.delete(member);
    if (set.size === 0) map.delete(key);
  }
  if (set) memberLists.delete(set);
};

export class InMemoryRecommendationGraph implements RecommendationGraph {
  private readonly companies = new Map<string, CompanyGraph>();

  private company(companyId: string): CompanyGraph {
    let graph = this.companies.get(companyId);
    if (!graph) this.companies.set(companyId, (graph = new CompanyGraph()));
    return graph;
  }

  async ensureSchema(): Promise<void> {}

  async ping(): Promise<void> {}

  async upsertCategories(companyId: string, categories: readonly GraphCategory[]): Promise<void> {
    const graph = this.company(companyId);
    for (const category of categories) graph.categories.set(category.id, category.name);
  }

  async upsertProducts(companyId: string, products: readonly GraphProduct[]): Promise<void> {
    const graph = this.company(companyId);
    for (const product of products) {
      const at = graph.internProduct(product.id);
      const node = graph.products[at]!;
      if (node.categoryId) index(graph.productsByCategory, node.categoryId, at, false);
      for (const key of node.traits.keys()) index(graph.productsByTrait, key, at, false);
      node.available = product.available;
      node.categoryId = product.categoryId;
      node.traits = new Map(product.traits.map((t) => [traitKey(t.dimension, t.value), { dimension: t.dimension, value: t.value }]));
      if (node.categoryId) index(graph.productsByCategory, node.categoryId, at, true);
      for (const key of node.traits.keys()) index(graph.productsByTrait, key, at, true);
      graph.mirror(at);
    }
    graph.changed();
  }

  async setPurchases(companyId: string, purchases: readonly PurchaseEdge[]): Promise<void> {
    const graph = this.company(companyId);
    for (const { userId, productId, count, lastAt } of purchases) {
      const product = graph.internProduct(productId);
      const userAt = graph.internUser(userId);
      const user = graph.users[userAt]!;
      const node = graph.products[product]!;
      if (count > 0) {
        const purchase = { count, lastAt };
        user.purchases.set(product, purchase);
        node.buyers.set(userAt, purchase);
      } else {
        user.purchases.delete(product);
        node.buyers.delete(userAt);
      }
      user.purchaseList = null;
      node.buyerList = null;
      graph.mirror(product);
    }
    graph.changed();
  }

  async setInterests(companyId: string, userId: string, interests: readonly WeightedInterest[]): Promise<void> {
    const graph = this.company(companyId);
    const user = graph.users[graph.internUser(userId)]!;
    user.interests = new Map(interests.map((i) => [traitKey(i.dimension, i.value), { ...i }]));
  }

  async clearCompany(companyId: string): Promise<void> {
    this.companies.delete(companyId);
  }

  async coPurchases({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    const me = graph?.userIndexOf(userId);
    const user = me === undefined ? undefined : graph?.users[me];
    if (!graph || !user?.purchases.size) return [];
    const { scratch, products } = graph;
    scratch.fit(products.length);
    const { score, count, tag, strength, mine, touched } = scratch;
    const together: number[] = [];
    const mineList = graph.purchasesOf(user);
    for (const bought of mineList) mine[bought] = 1;
    try {
      /** One bought product's term for one candidate; the largest term names the evidence. */
      const addTerm = (candidate: number, both: number, bought: number, boughtBuyers: number): void => {
        if (!graph.isAvailable(candidate)) return;
        const term = both / Math.sqrt(boughtBuyers * graph.buyerCount(candidate));
        if (strength[candidate] === 0) {
          touched.push(candidate);
          score[candidate] = term;
          strength[candidate] = term;
          tag[candidate] = bought;
        } else {
          score[candidate]! += term;
          if (term > strength[candidate]!) {
            strength[candidate] = term;
            tag[candidate] = bought;
          }
        }
      };
      for (const bought of mineList) {
        let sampled = 0;
        for (const other of graph.buyersOf(bought)) {
          if (other === me) continue;
          if (sampled++ === BUYER_SAMPLE) break;
          const theirs = graph.purchasesOf(graph.users[other]!);
          for (let i = 0; i < theirs.length; i++) {
            const candidate = theirs[i]!;
            if (mine[candidate] === 0 && count[candidate]!++ === 0) together.push(candidate);
          }
        }
        const boughtBuyers = graph.buyerCount(bought);
        for (const candidate of together) {
          addTerm(candidate, count[candidate]!, bought, boughtBuyers);
          count[candidate] = 0;
        }
        together.length = 0;
      }
      return graph.best(limit, () => true).map((candidate) => ({
        productId: products[candidate]!.id,
        score: score[candidate]!,
        buyers: graph.buyerCount(candidate),
        evidence: [{ kind: 'co_purchase', productId: products[tag[candidate]!]!.id, strength: strength[candidate]! }],
      }));
    } finally {
      for (const bought of mineList) mine[bought] = 0;
      scratch.reset();
    }
  }

  async interestMatches({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    const user = graph?.userAt(userId);
    if (!graph || !user) return [];
    const { scratch, products } = graph;
    scratch.fit(products.length);
    const { score, mine, touched } = scratch;
    for (const bought of user.purchases.keys()) mine[bought] = 1;
    try {
      const credit = (product: number, weight: number): void => {
        if (mine[product] === 1 || !graph.isAvailable(product)) return;
        if (score[product] === 0) touched.push(product);
        score[product]! += weight;
      };
      const interests = [...user.interests].filter(([, interest]) => interest.weight > 0);
      for (const [key, interest] of interests) {
        for (const product of membersOf(graph.productsByTrait.get(key))) credit(product, interest.weight);
      }
      const categoryWeights = new Map<string, number>();
      for (const product of user.purchases.keys()) {
        const categoryId = products[product]!.categoryId;
        if (categoryId) categoryWeights.set(categoryId, (categoryWeights.get(categoryId) ?? 0) + 1);
      }
      for (const [categoryId, bought] of categoryWeights) {
        const weight = (CATEGORY_WEIGHT * bought) / user.purchases.size;
        categoryWeights.set(categoryId, weight);
        for (const product of membersOf(graph.productsByCategory.get(categoryId))) credit(product, weight);
      }
      return graph.best(limit, () => true).map((candidate) => {
        const node = products[candidate]!;
        const evidence: Evidence[] = interests
          .filter(([key]) => node.traits.has(key))
          .map(([, { dimension, value, weight }]) => ({ kind: 'interest', dimension, value, weight }));
        const categoryWeight = node.categoryId ? categoryWeights.get(node.categoryId) : undefined;
        if (node.categoryId && categoryWeight !== undefined) {
          evidence.push({ kind: 'category', categoryId: node.categoryId, name: graph.categories.get(node.categoryId) ?? node.categoryId, weight: categoryWeight });
        }
        return { productId: node.id, score: score[candidate]!, buyers: graph.buyerCount(candidate), evidence: evidence.sort(strongestEvidence) };
      });
    } finally {
      for (const bought of user.purchases.keys()) mine[bought] = 0;
      scratch.reset();
    }
  }

  async popular({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    if (!graph) return [];
    const mine = graph.userAt(userId)?.purchases;
    const picked: GraphCandidate[] = [];
    for (const product of graph.popularity()) {
      if (picked.length >= limit) break;
      if (mine?.has(product)) continue;
      const buyers = graph.buyerCount(product);
      picked.push({ productId: graph.products[product]!.id, score: buyers, buyers, evidence: [{ kind: 'popular', buyers }] });
    }
    return picked;
  }

  async similar({ companyId, productId, limit }: ProductQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    const source = graph?.productAt(productId);
    if (!graph || source === undefined) return [];
    const { scratch, products } = graph;
    scratch.fit(products.length);
    const { score, count, tag, touched } = scratch;
    try {
      const sourceNode = products[source]!;
      const touch = (candidate: number) => {
        if (count[candidate] === 0 && tag[candidate] === 0) touched.push(candidate);
      };
      // Buyers are kept most recent first, so the sample is the head of the list.
      for (const buyer of graph.buyersOf(source).subarray(0, BUYER_SAMPLE)) {
        for (const candidate of graph.purchasesOf(graph.users[buyer]!)) {
          if (candidate === source) continue;
          touch(candidate);
          count[candidate]! += 1;
        }
      }
      for (const key of sourceNode.traits.keys()) {
        for (const candidate of membersOf(graph.productsByTrait.get(key))) {
          if (candidate === source) continue;
          touch(candidate);
          tag[candidate]! += 1;
        }
      }
      const strengthOf = (candidate: number) =>
        count[candidate]! > 0 ? count[candidate]! / Math.sqrt(graph.buyerCount(source) * graph.buyerCount(candidate)) : 0;
      for (const candidate of touched) score[candidate] = strengthOf(candidate) + TRAIT_WEIGHT * tag[candidate]!;
      return graph.best(limit, (candidate) => graph.isAvailable(candidate)).map((candidate) => {
        const node = products[candidate]!;
        const strength = strengthOf(candidate);
        const shared: Evidence[] = [...sourceNode.traits]
          .filter(([key]) => node.traits.has(key))
          .map(([, { dimension, value }]) => ({ kind: 'trait', dimension, value }));
        const evidence: Evidence[] = strength > 0 ? [{ kind: 'co_purchase', productId, strength }, ...shared] : shared;
        return { productId: node.id, score: score[candidate]!, buyers: graph.buyerCount(candidate), evidence };
      });
    } finally {
      scratch.reset();
    }
  }
}
