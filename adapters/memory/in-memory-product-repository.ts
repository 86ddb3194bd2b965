import type { ProductRepository, ProductSearch, StockTake } from '../../application/ports/product-repository';
import type { Product } from '../../domain/catalog/product';
import { searchableText } from '../../domain/catalog/product-rules';
import type { Page } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';
import { paginate } from './paginate';
import { FUZZY_THRESHOLD, matchText, startsOrResembles } from './text-match';

export class InMemoryProductRepository implements ProductRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<Product>('products');
  }

  private get sold() {
    return this.store.table<number>('product_units_sold');
  }

  private ofCompany(companyId: string): Product[] {
    return [...this.rows.values()].filter((p) => p.companyId === companyId);
  }

  async byId(companyId: string, id: string): Promise<Product | null> {
    const product = this.rows.get(id);
    return product && product.companyId === companyId ? product : null;
  }

  async byIds(companyId: string, ids: readonly string[]): Promise<readonly Product[]> {
    return ids.map((id) => this.rows.get(id)).filter((p): p is Product => p?.companyId === companyId);
  }

  async bySku(companyId: string, sku: string): Promise<Product | null> {
    return this.ofCompany(companyId).find((p) => p.sku === sku) ?? null;
  }

  async bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]> {
    const wanted = new Set(skus);
    return this.ofCompany(companyId).filter((p) => wanted.has(p.sku));
  }

  async search(s: ProductSearch): Promise<Page<Product>> {
    const scored = this.ofCompany(s.companyId)
      .filter((p) => s.statuses.includes(p.status))
      .filter((p) => !s.categoryId || p.categoryId === s.categoryId)
      .filter((p) => !s.brand || p.brand === s.brand)
      .filter((p) => !s.tag || p.tags.includes(s.tag))
      .filter((p) => s.minPriceCents === undefined || p.price.amountCents >= s.minPriceCents)
      .filter((p) => s.maxPriceCents === undefined || p.price.amountCents <= s.maxPriceCents)
      .filter((p) => s.inStock === undefined || (p.stock > 0) === s.inStock)
      .map((p) => ({ p, match: s.q ? matchText(s.q, searchableText(p), p.name) : { matches: true, score: 0 } }))
      .filter(({ match }) => match.matches);
    const byId = (a: Product, b: Product) => a.id.localeCompare(b.id);
    const orders: Record<ProductSearch['sort'], (a: (typeof scored)[number], b: (typeof scored)[number]) => number> = {
      relevance: (a, b) => b.match.score - a.match.score || byId(a.p, b.p),
      price_asc: (a, b) => a.p.price.amountCents - b.p.price.amountCents || byId(a.p, b.p),
      price_desc: (a, b) => b.p.price.amountCents - a.p.price.amountCents || byId(a.p, b.p),
      newest: (a, b) => b.p.createdAt.getTime() - a.p.createdAt.getTime() || byId(b.p, a.p),
      popularity: (a, b) => (this.sold.get(b.p.id) ?? 0) - (this.sold.get(a.p.id) ?? 0) || byId(a.p, b.p),
    };
    return paginate(scored.sort(orders[s.sort]).map(({ p }) => p), s.page, (p) => p.id);
  }

  async autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]> {
    return this.ofCompany(companyId)
      .filter((p) => p.status === 'active')
      .map((p) => ({ p, score: startsOrResembles(prefix, p.name) }))
      .filter(({ score }) => score >= FUZZY_THRESHOLD)
      .sort((a, b) => b.score - a.score || a.p.name.localeCompare(b.p.name) || a.p.id.localeCompare(b.p.id))
      .slice(0, limit)
      .map(({ p }) => ({ id: p.id, name: p.name }));
  }

  async newest(companyId: string, limit: number): Promise<readonly Product[]> {
    return this.ofCompany(companyId)
      .filter((p) => p.status === 'active')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  async countInCategory(companyId: string, categoryId: string): Promise<number> {
    return this.ofCompany(companyId).filter((p) => p.categoryId === categoryId).length;
  }

  async save(product: Product): Promise<void> {
    this.rows.set(product.id, product);
  }

  async saveMany(products: readonly Product[]): Promise<void> {
    for (const product of products) this.rows.set(product.id, product);
  }

  async takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean> {
    const products = lines.map((line) => ({ line, product: this.rows.get(line.productId) }));
    const enough = products.every(({ line, product }) => product?.companyId === companyId && product.stock >= line.quantity);
    if (!enough) return false;
    for (const { line, product } of products) {
      if (product) this.rows.set(product.id, { ...product, stock: product.stock - line.quantity });
    }
    return true;
  }

  async returnStock(companyId: string, lines: readonly StockTake[]): Promise<void> {
    for (const line of lines) {
      const product = this.rows.get(line.productId);
      if (product?.companyId === companyId) this.rows.set(product.id, { ...product, stock: product.stock + line.quantity });
    }
  }

  async countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void> {
    for (const line of lines) {
      if (this.rows.get(line.productId)?.companyId !== companyId) continue;
      this.sold.set(line.productId, Math.max(0, (this.sold.get(line.productId) ?? 0) + sign * line.quantity));
    }
  }
}
