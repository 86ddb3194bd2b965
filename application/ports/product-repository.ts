import type { Product, ProductStatus } from '../../domain/catalog/product';
import type { Page, PageRequest } from '../../domain/shared/page';

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductSearch {
  readonly companyId: string;
  /**
   * Free text over name, description, brand and tags, as lower-case words joined by single
   * spaces (see `searchQuery`): every word matches a word of the text, or the whole query is a
   * close spelling of a stretch of the name. Absent means no text filter.
   */
  readonly q?: string | undefined;
  readonly categoryId?: string | undefined;
  /** The brand exactly, ignoring case (lower-cased on both sides, as `lower()` does in SQL). */
  readonly brand?: string | undefined;
  readonly tag?: string | undefined;
  readonly minPriceCents?: number | undefined;
  readonly maxPriceCents?: number | undefined;
  readonly inStock?: boolean | undefined;
  /** Which statuses may appear (customers: active only); never empty. */
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
  /**
   * Filtered, sorted, keyset-paginated search (SPEC §3.2). Every sort ends with the id, so a
   * walk through all pages serves each match exactly once; a cursor that is not one of this
   * sort's throws InvalidCursor.
   */
  search(search: ProductSearch): Promise<Page<Product>>;
  /**
   * Up to `limit` active products whose name starts with `prefix`, has a word starting with it,
   * or holds a close spelling of it; best matches first.
   */
  autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]>;
  /** Active products, newest first (ties: higher id first), keyset-paginated; InvalidCursor for a cursor not of this list. */
  newest(companyId: string, page: PageRequest): Promise<Page<Product>>;
  /** How many products of the company sit in that category. */
  countInCategory(companyId: string, categoryId: string): Promise<number>;
  /** The company's products with those skus; missing ones are simply absent. */
  bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]>;
  /**
   * Inserts or replaces by id (the sales counter is kept). Returns false and writes nothing
   * when another product of the company holds the sku (the callers check first; this catches races).
   */
  save(product: Product): Promise<boolean>;
  /** Like `save` for many products in one write (bulk import): all are written, or none when any sku clashes. */
  saveMany(products: readonly Product[]): Promise<boolean>;
  /**
   * Takes stock for every line or for none: returns false and changes nothing when any line
   * has less stock than asked. Safe under concurrent callers (no overselling).
   */
  takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean>;
  /** Puts stock back (cancellation, refund); lines naming another company's or a missing product are skipped. */
  returnStock(companyId: string, lines: readonly StockTake[]): Promise<void>;
  /**
   * Adds (or, with sign -1, removes) units to the sold counters that `popularity` sorts by; a
   * counter never drops below 0; other companies' and missing products are skipped.
   */
  countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void>;
  /**
   * Up to `limit` of the company's products of every status, ordered by id, after `afterId`
   * (exclusive; null starts at the beginning): how a rebuild walks the whole catalog.
   */
  scan(companyId: string, afterId: string | null, limit: number): Promise<readonly Product[]>;
}
