// The embedded knowledge graph: the projection held in process memory, scored exactly as
// the port defines. It keeps nothing on disk; the application rebuilds it from the store at
// start (SPEC §1.1 embedded default), so a restart loses nothing.
import type {
  GraphCandidate,
  GraphCategory,
  GraphProduct,
  ProductQuery,
  PurchaseEdge,
  RecommendationGraph,
  UserQuery,
  WeightedInterest,
} from '../../application/ports/recommendation-graph';
import { byRank, CATEGORY_WEIGHT, strongestEvidence, topCandidates, TRAIT_WEIGHT, type Evidence } from '../../domain/recommendations/candidate';
import { traitKey } from '../../domain/recommendations/product-traits';

interface ProductNode {
  available: boolean;
  categoryId: string | null;
  traits: Map<string, { dimension: string; value: string }>;
}

interface Purchase {
  count: number;
  lastAt: Date;
}


class CompanyGraph {
  readonly products = new Map<string, ProductNode>();
  readonly categories = new Map<string, string>();
  readonly productsByCategory = new Map<string, Set<string>>();
  readonly productsByTrait = new Map<string, Set<string>>();
  /** productId → userId → purchase */
  readonly buyers = new Map<string, Map<string, Purchase>>();
  /** userId → productId → purchase */
  readonly purchases = new Map<string, Map<string, Purchase>>();
  /** userId → trait key → interest */
  readonly interests = new Map<string, Map<string, WeightedInterest>>();
  /** Available products, most bought first; dropped on every write and rebuilt on the next read. */
  private ranked: GraphCandidate[] | null = null;

  changed(): void {
    this.ranked = null;
  }

  buyerCount(productId: string): number {
    return this.buyers.get(productId)?.size ?? 0;
  }

  isAvailable(productId: string): boolean {
    return this.products.get(productId)?.available ?? false;
  }

  popularity(): readonly GraphCandidate[] {
    this.ranked ??= [...this.products]
      .filter(([, node]) => node.available)
      .map(([productId]) => {
        const buyers = this.buyerCount(productId);
        return { productId, score: buyers, buyers, evidence: [{ kind: 'popular', buyers }] satisfies Evidence[] };
      })
      .sort(byRank);
    return this.ranked;
  }
}

const index = (map: Map<string, Set<string>>, key: string, member: string, add: boolean): void => {
  let set = map.get(key);
  if (add) {
    if (!set) map.set(key, (set = new Set()));
    set.add(member);
  } else if (set) {
    set.delete(member);
    if (set.size === 0) map.delete(key);
  }
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
      const previous = graph.products.get(product.id);
      if (previous) {
        if (previous.categoryId) index(graph.productsByCategory, previous.categoryId, product.id, false);
        for (const key of previous.traits.keys()) index(graph.productsByTrait, key, product.id, false);
      }
      const traits = new Map(product.traits.map((t) => [traitKey(t.dimension, t.value), { dimension: t.dimension, value: t.value }]));
      graph.products.set(product.id, { available: product.available, categoryId: product.categoryId, traits });
      if (product.categoryId) index(graph.productsByCategory, product.categoryId, product.id, true);
      for (const key of traits.keys()) index(graph.productsByTrait, key, product.id, true);
    }
    graph.changed();
  }

  async setPurchases(companyId: string, purchases: readonly PurchaseEdge[]): Promise<void> {
    const graph = this.company(companyId);
    for (const { userId, productId, count, lastAt } of purchases) {
      if (!graph.products.has(productId)) graph.products.set(productId, { available: false, categoryId: null, traits: new Map() });
      const byUser = graph.purchases.get(userId) ?? new Map<string, Purchase>();
      const byProduct = graph.buyers.get(productId) ?? new Map<string, Purchase>();
      if (count > 0) {
        const purchase = { count, lastAt };
        byUser.set(productId, purchase);
        byProduct.set(userId, purchase);
      } else {
        byUser.delete(productId);
        byProduct.delete(userId);
      }
      graph.purchases.set(userId, byUser);
      graph.buyers.set(productId, byProduct);
    }
    graph.changed();
  }

  async setInterests(companyId: string, userId: string, interests: readonly WeightedInterest[]): Promise<void> {
    const graph = this.company(companyId);
    graph.interests.set(userId, new Map(interests.map((i) => [traitKey(i.dimension, i.value), { ...i }])));
  }

  async clearCompany(companyId: string): Promise<void> {
    this.companies.delete(companyId);
  }

  async coPurchases({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    const mine = graph?.purchases.get(userId);
    if (!graph || !mine?.size) return [];
    const found = new Map<string, { score: number; via: string; strength: number }>();
    for (const bought of [...mine.keys()].sort()) {
      const buyersOfBought = graph.buyers.get(bought) ?? new Map<string, Purchase>();
      const together = new Map<string, number>();
      for (const other of buyersOfBought.keys()) {
        if (other === userId) continue;
        for (const candidate of graph.purchases.get(other)?.keys() ?? []) {
          if (!mine.has(candidate)) together.set(candidate, (together.get(candidate) ?? 0) + 1);
        }
      }
      for (const [candidate, count] of together) {
        if (!graph.isAvailable(candidate)) continue;
        const term = count / Math.sqrt(buyersOfBought.size * graph.buyerCount(candidate));
        const entry = found.get(candidate);
        if (!entry) found.set(candidate, { score: term, via: bought, strength: term });
        else {
          entry.score += term;
          if (term > entry.strength) Object.assign(entry, { via: bought, strength: term });
        }
      }
    }
    return topCandidates(
      [...found].map(([productId, { score, via, strength }]) => ({
        productId,
        score,
        buyers: graph.buyerCount(productId),
        evidence: [{ kind: 'co_purchase', productId: via, strength }],
      })),
      limit,
    );
  }

  async interestMatches({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    if (!graph) return [];
    const mine = graph.purchases.get(userId) ?? new Map<string, Purchase>();
    const found = new Map<string, { score: number; evidence: Evidence[] }>();
    const credit = (productId: string, weight: number, evidence: Evidence): void => {
      if (mine.has(productId) || !graph.isAvailable(productId)) return;
      const entry = found.get(productId) ?? { score: 0, evidence: [] };
      entry.score += weight;
      entry.evidence.push(evidence);
      found.set(productId, entry);
    };
    for (const [key, interest] of graph.interests.get(userId) ?? []) {
      if (interest.weight <= 0) continue;
      const evidence: Evidence = { kind: 'interest', dimension: interest.dimension, value: interest.value, weight: interest.weight };
      for (const productId of graph.productsByTrait.get(key) ?? []) credit(productId, interest.weight, evidence);
    }
    const boughtPerCategory = new Map<string, number>();
    for (const productId of mine.keys()) {
      const categoryId = graph.products.get(productId)?.categoryId;
      if (categoryId) boughtPerCategory.set(categoryId, (boughtPerCategory.get(categoryId) ?? 0) + 1);
    }
    for (const [categoryId, bought] of boughtPerCategory) {
      const weight = (CATEGORY_WEIGHT * bought) / mine.size;
      const evidence: Evidence = { kind: 'category', categoryId, name: graph.categories.get(categoryId) ?? categoryId, weight };
      for (const productId of graph.productsByCategory.get(categoryId) ?? []) credit(productId, weight, evidence);
    }
    return topCandidates(
      [...found].map(([productId, { score, evidence }]) => ({
        productId,
        score,
        buyers: graph.buyerCount(productId),
        evidence: evidence.sort(strongestEvidence),
      })),
      limit,
    );
  }

  async popular({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    if (!graph) return [];
    const mine = graph.purchases.get(userId);
    const picked: GraphCandidate[] = [];
    for (const candidate of graph.popularity()) {
      if (picked.length >= limit) break;
      if (!mine?.has(candidate.productId)) picked.push(candidate);
    }
    return picked;
  }

  async similar({ companyId, productId, limit }: ProductQuery): Promise<readonly GraphCandidate[]> {
    const graph = this.companies.get(companyId);
    const source = graph?.products.get(productId);
    if (!graph || !source) return [];
    const found = new Map<string, { coPurchases: number; traits: Evidence[] }>();
    const entry = (candidate: string) => {
      let e = found.get(candidate);
      if (!e) found.set(candidate, (e = { coPurchases: 0, traits: [] }));
      return e;
    };
    const sourceBuyers = graph.buyers.get(productId) ?? new Map<string, Purchase>();
    for (const buyer of sourceBuyers.keys()) {
      for (const candidate of graph.purchases.get(buyer)?.keys() ?? []) if (candidate !== productId) entry(candidate).coPurchases += 1;
    }
    for (const [key, trait] of source.traits) {
      for (const candidate of graph.productsByTrait.get(key) ?? []) {
        if (candidate !== productId) entry(candidate).traits.push({ kind: 'trait', dimension: trait.dimension, value: trait.value });
      }
    }
    const candidates: GraphCandidate[] = [];
    for (const [candidate, { coPurchases, traits }] of found) {
      if (!graph.isAvailable(candidate)) continue;
      const strength = coPurchases > 0 ? coPurchases / Math.sqrt(sourceBuyers.size * graph.buyerCount(candidate)) : 0;
      const evidence: Evidence[] = strength > 0 ? [{ kind: 'co_purchase', productId, strength }, ...traits] : traits;
      candidates.push({ productId: candidate, score: strength + TRAIT_WEIGHT * traits.length, buyers: graph.buyerCount(candidate), evidence });
    }
    return topCandidates(candidates, limit);
  }
}
