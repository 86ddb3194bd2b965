import type { Product, ProductStatus } from '../../domain/catalog/product';
import type { Page, PageRequest } from '../../domain/shared/page';

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductSearch {
  readonly companyId: string;
  /** Free text over name, description, brand and tags; absent means no text filter. */
  readonly q?: string | undefined;
  readonly categoryId?: string | undefined;
  readonly brand?: string | undefined;
  readonly tag?: string | undefined;
  readonly minPriceCents?: number | undefined;
  readonly maxPriceCents?: number | undefined;
  readonly inStock?: boolean | undefined;
  /** Which statuses may appear (customers: active only). */
  readonly statuses: readonly ProductStatus[];
  readonly sort: ProductSort;
  readonly page: PageRequest;
}

export interface StockTake {
  readonly productId: string;
  readonly quantity: number;
}

export interface ProductRepository {
  /** The product of that company, or null when missing or owned by another company. */
  byId(companyId: string, id: string): Promise<Product | null>;
  /** Products of that company among `ids`; missing ones are simply absent. */
  byIds(companyId: string, ids: readonly string[]): Promise<readonly Product[]>;
  /** The product with that sku in the company, or null. */
  bySku(companyId: string, sku: string): Promise<Product | null>;
  /** Filtered, sorted, keyset-paginated search (SPEC §3.2). */
  search(search: ProductSearch): Promise<Page<Product>>;
  /** Up to `limit` active products whose name matches `prefix` by prefix or close spelling. */
  autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]>;
  /** Newest active products first. */
  newest(companyId: string, limit: number): Promise<readonly Product[]>;
  /** How many products of the company sit in that category. */
  countInCategory(companyId: string, categoryId: string): Promise<number>;
  /** The company's products with those skus; missing ones are simply absent. */
  bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]>;
  /** Inserts or replaces by id; sku uniqueness per company is the caller's check. */
  save(product: Product): Promise<void>;
  /** Inserts or replaces many in one write (bulk import). */
  saveMany(products: readonly Product[]): Promise<void>;
  /**
   * Takes stock for every line or for none: returns false and changes nothing when any line
   * has less stock than asked. Safe under concurrent callers (no overselling).
   */
  takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean>;
  /** Puts stock back (cancellation, refund). */
  returnStock(companyId: string, lines: readonly StockTake[]): Promise<void>;
  /** Adds (or, negative, removes) units to the sold counters that `popularity` sorts by. */
  countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void>;
}
