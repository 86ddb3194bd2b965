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

export interface OrderRepository {
  /** The order of that company, or null when missing or in another company. */
  byId(companyId: string, id: string): Promise<Order | null>;
  /**
   * Like byId, but inside a transaction the order stays locked until it ends, so concurrent
   * status changes of one order run one after the other (a double cancel cannot restock twice).
   */
  lockById(companyId: string, id: string): Promise<Order | null>;
  /** Newest first, filtered. */
  list(filter: OrderFilter): Promise<Page<Order>>;
  /** Inserts or replaces by id, lines and history included. */
  save(order: Order): Promise<void>;
  /** Units purchased per product (orders that reached paid, not refunded) placed since `since`, most first. */
  topPurchasedSince(companyId: string, since: Date, limit: number): Promise<readonly PurchaseCount[]>;
}
