import type { Order, OrderStatus } from '../../domain/orders/order';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface OrderFilter {
  readonly companyId: string;
  readonly userId?: string | undefined;
  readonly status?: OrderStatus | undefined;
  readonly page: PageRequest;
}

export interface PurchaseCount {
  readonly productId: string;
  readonly units: number;
}

/** What one user bought of one product over orders that reached paid and were neither refunded nor cancelled. */
export interface PurchaseTotal {
  readonly userId: string;
  readonly productId: string;
  readonly units: number;
  /** When the latest such order was placed. */
  readonly lastAt: Date;
}

export interface OrderRepository {
  /** The order of that company, or null when missing or in another company. */
  byId(companyId: string, id: string): Promise<Order | null>;
  /**
   * Like byId, but inside a transaction the order stays locked until it ends, so concurrent
   * status changes of one order run one after the other (a double cancel cannot restock twice).
   */
  lockById(companyId: string, id: string): Promise<Order | null>;
  /** A page of the filtered orders, newest first (ties: higher id first); InvalidCursor for a cursor not of this list. */
  list(filter: OrderFilter): Promise<Page<Order>>;
  /** Inserts or replaces by id, lines and history included. */
  save(order: Order): Promise<void>;
  /**
   * A page of the units purchased per product (orders that reached paid, not refunded or
   * cancelled) placed since `since`, most first (ties: by product id); InvalidCursor for a cursor
   * not of this list.
   */
  topPurchasedSince(companyId: string, since: Date, page: PageRequest): Promise<Page<PurchaseCount>>;
  /**
   * The user's purchase totals (paid, shipped or delivered orders), ordered by product id; only
   * among `productIds` when given. A product the user has no such units of is absent.
   */
  purchasesOf(companyId: string, userId: string, productIds?: readonly string[]): Promise<readonly PurchaseTotal[]>;
  /**
   * Up to `limit` purchase totals of the company ordered by (userId, productId), after `after`
   * (exclusive; null starts at the beginning): how a rebuild walks every purchase.
   */
  scanPurchases(companyId: string, after: { readonly userId: string; readonly productId: string } | null, limit: number): Promise<readonly PurchaseTotal[]>;
}
