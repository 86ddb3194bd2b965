import type { ProductRepository, ProductSearch, StockTake } from '../../application/ports/product-repository';
import type { Product } from '../../domain/catalog/product';
import { searchableText } from '../../domain/catalog/product-rules';
import { keysetSlice, mapPage, type KeyColumn, type KeyOrder, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';
import { FUZZY_THRESHOLD, completionScore, matchText } from './text-match';
import { byCodePoint } from '../../domain/shared/code-point-order';

/** The sort key of one search hit: a number, then the id. */
type Key = readonly [number, string];

interface Order {
  readonly key: (hit: { product: Product; score: number }, sold: number) => Key;
  readonly columns: readonly [KeyColumn, KeyColumn];
}

// The same orders, tie-breaks and cursor keys as the PostgreSQL adapter.
const ORDERS: Record<ProductSearch['sort'], Order> = {
  relevance: { key: (h) => [h.score, h.product.id], columns: [['number', 'desc'], ['string', 'asc']] },
  price_asc: { key: (h) => [h.product.price.amountCents, h.product.id], columns: [['integer', 'asc'], ['string', 'asc']] },
  price_desc: { key: (h) => [h.product.price.amountCents, h.product.id], columns: [['integer', 'desc'], ['string', 'asc']] },
  newest: { key: (h) => [h.product.createdAt.getTime(), h.product.id], columns: [['time', 'desc'], ['string', 'desc']] },
  popularity: { key: (h, sold) => [sold, h.product.id], columns: [['integer', 'desc'], ['string', 'desc']] },
};

const NEWEST: KeyOrder<Product> = { columns: [['time', 'desc'], ['string', 'desc']], keyOf: (p) => [p.createdAt.getTime(), p.id] };

export class InMemoryProductRepository implements ProductRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<Product>('products');
  }

  /** Units sold per product id (read by the orders tests too). */
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
    return [...new Set(ids)].map((id) => this.rows.get(id)).filter((p): p is Product => p?.companyId === companyId);
  }

  async bySku(companyId: string, sku: string): Promise<Product | null> {
    return this.ofCompany(companyId).find((p) => p.sku === sku) ?? null;
  }

  async bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]> {
    const wanted = new Set(skus);
    return this.ofCompany(companyId).filter((p) => wanted.has(p.sku));
  }

  async search(s: ProductSearch): Promise<Page<Product>> {
    const order = ORDERS[s.sort];
    const brand = s.brand?.toLowerCase();
    const hits = this.ofCompany(s.companyId)
      .filter((p) => s.statuses.includes(p.status))
      .filter((p) => s.categoryId === undefined || p.categoryId === s.categoryId)
      .filter((p) => brand === undefined || p.brand?.toLowerCase() === brand)
      .filter((p) => s.tag === undefined || p.tags.includes(s.tag))
      .filter((p) => s.minPriceCents === undefined || p.price.amountCents >= s.minPriceCents)
      .filter((p) => s.maxPriceCents === undefined || p.price.amountCents <= s.maxPriceCents)
      .filter((p) => s.inStock === undefined || p.stock > 0 === s.inStock)
      .map((product) => ({ product, match: s.q ? matchText(s.q, searchableText(product), product.name) : { matches: true, score: 0 } }))
      .filter(({ match }) => match.matches)
      .map(({ product, match }) => ({ product, key: order.key({ product, score: match.score }, this.sold.get(product.id) ?? 0) }));
    return mapPage(keysetSlice(hits, s.page, { columns: order.columns, keyOf: (hit) => hit.key }), (hit) => hit.product);
  }

  async autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]> {
    return this.ofCompany(companyId)
      .filter((p) => p.status === 'active')
      .map((p) => ({ p, score: completionScore(prefix, p.name) }))
      .filter(({ score }) => score >= FUZZY_THRESHOLD)
      .sort((a, b) => b.score - a.score || a.p.name.length - b.p.name.length || a.p.id.localeCompare(b.p.id))
      .slice(0, limit)
      .map(({ p }) => ({ id: p.id, name: p.name }));
  }

  async newest(companyId: string, page: PageRequest): Promise<Page<Product>> {
    const active = this.ofCompany(companyId).filter((p) => p.status === 'active');
    return keysetSlice(active, page, NEWEST);
  }

  async countInCategory(companyId: string, categoryId: string): Promise<number> {
    return this.ofCompany(companyId).filter((p) => p.categoryId === categoryId).length;
  }

  async scan(companyId: string, afterId: string | null, limit: number): Promise<readonly Product[]> {
    return this.ofCompany(companyId)
      .filter((p) => afterId === null || byCodePoint(p.id, afterId) > 0)
      .sort((a, b) => byCodePoint(a.id, b.id))
      .slice(0, limit);
  }

  async save(product: Product): Promise<boolean> {
    return this.saveMany([product]);
  }

  async saveMany(products: readonly Product[]): Promise<boolean> {
    const skuOwner = new Map<string, string>();
    for (const p of this.rows.values()) skuOwner.set(`${p.companyId}\u0000${p.sku}`, p.id);
    for (const p of products) {
      const key = `${p.companyId}\u0000${p.sku}`;
      const owner = skuOwner.get(key);
      if (owner !== undefined && owner !== p.id) return false;
      skuOwner.set(key, p.id);
    }
    for (const product of products) this.rows.set(product.id, product);
    return true;
  }

  async takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean> {
    const wanted = merge(lines);
    const products = [...wanted.keys()].map((id) => this.rows.get(id));
    const enough = products.every((p) => p?.companyId === companyId && p.stock >= (wanted.get(p.id) ?? 0));
    if (!enough) return false;
    for (const p of products) if (p) this.rows.set(p.id, { ...p, stock: p.stock - (wanted.get(p.id) ?? 0) });
    return true;
  }

  async returnStock(companyId: string, lines: readonly StockTake[]): Promise<void> {
    for (const [id, quantity] of merge(lines)) {
      const product = this.rows.get(id);
      if (product?.companyId === companyId) this.rows.set(id, { ...product, stock: product.stock + quantity });
    }
  }

  async countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void> {
    for (const [id, quantity] of merge(lines)) {
      if (this.rows.get(id)?.companyId !== companyId) continue;
      this.sold.set(id, Math.max(0, (this.sold.get(id) ?? 0) + sign * quantity));
    }
  }
}

/** Quantities per product, however many lines name it. */
function merge(lines: readonly StockTake[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
  return wanted;
}
