import type { OrderFilter, OrderRepository, PurchaseCount, PurchaseTotal } from '../../application/ports/order-repository';
import type { Order } from '../../domain/orders/order';
import { isPurchase } from '../../domain/orders/order-status';
import { keysetSlice, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';
import { byCodePoint } from '../../domain/shared/code-point-order';

export class InMemoryOrderRepository implements OrderRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<Order>('orders');
  }

  async byId(companyId: string, id: string): Promise<Order | null> {
    const order = this.rows.get(id);
    return order && order.companyId === companyId ? order : null;
  }

  // Memory transactions already run one at a time.
  lockById(companyId: string, id: string): Promise<Order | null> {
    return this.byId(companyId, id);
  }

  async list(filter: OrderFilter): Promise<Page<Order>> {
    const orders = [...this.rows.values()]
      .filter((o) => o.companyId === filter.companyId)
      .filter((o) => !filter.userId || o.userId === filter.userId)
      .filter((o) => !filter.status || o.status === filter.status);
    return keysetSlice(orders, filter.page, { columns: [['time', 'desc'], ['string', 'desc']], keyOf: (o) => [o.placedAt.getTime(), o.id] });
  }

  async save(order: Order): Promise<void> {
    this.rows.set(order.id, order);
  }

  async topPurchasedSince(companyId: string, since: Date, page: PageRequest): Promise<Page<PurchaseCount>> {
    const units = new Map<string, number>();
    for (const order of this.rows.values()) {
      if (order.companyId !== companyId || !isPurchase(order.status) || order.placedAt.getTime() < since.getTime()) continue;
      for (const line of order.items) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
    }
    const counts = [...units].map(([productId, count]) => ({ productId, units: count }));
    return keysetSlice(counts, page, { columns: [['integer', 'desc'], ['string', 'asc']], keyOf: (c) => [c.units, c.productId] });
  }

  async purchasesOf(companyId: string, userId: string, productIds?: readonly string[]): Promise<readonly PurchaseTotal[]> {
    const wanted = productIds ? new Set(productIds) : null;
    return this.purchaseTotals(companyId, (order) => order.userId === userId).filter((t) => !wanted || wanted.has(t.productId));
  }

  async scanPurchases(
    companyId: string,
    after: { readonly userId: string; readonly productId: string } | null,
    limit: number,
  ): Promise<readonly PurchaseTotal[]> {
    const totals = this.purchaseTotals(companyId, (order) => !after || order.userId >= after.userId);
    return totals.filter((t) => !after || t.userId > after.userId || (t.userId === after.userId && t.productId > after.productId)).slice(0, limit);
  }

  /** Units per (user, product) over the company's purchases, ordered by user then product. */
  private purchaseTotals(companyId: string, include: (order: Order) => boolean): PurchaseTotal[] {
    const totals = new Map<string, { userId: string; productId: string; units: number; lastAt: Date }>();
    for (const order of this.rows.values()) {
      if (order.companyId !== companyId || !isPurchase(order.status) || !include(order)) continue;
      for (const line of order.items) {
        const key = `${order.userId}\u0000${line.productId}`;
        const total = totals.get(key) ?? { userId: order.userId, productId: line.productId, units: 0, lastAt: order.placedAt };
        total.units += line.quantity;
        if (order.placedAt > total.lastAt) total.lastAt = order.placedAt;
        totals.set(key, total);
      }
    }
    return [...totals.values()].sort((a, b) => byCodePoint(a.userId, b.userId) || byCodePoint(a.productId, b.productId));
  }
}
