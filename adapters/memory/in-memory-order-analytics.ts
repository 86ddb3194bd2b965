// OrderAnalytics over the memory store's orders (the table InMemoryOrderRepository keeps).
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { OrderAnalytics, OrderTotals, ProductSales } from '../../application/ports/analytics-queries';
import { isCountedStatus } from '../../domain/analytics/analytics-definitions';
import type { Order } from '../../domain/orders/order';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { Money } from '../../domain/shared/money';
import type { MemoryStore } from './memory-store';

/** Amounts in minor units per currency, as Money sorted by currency code. */
const byCurrency = (cents: ReadonlyMap<string, number>): Money[] =>
  [...cents].sort(([a], [b]) => byCodePoint(a, b)).map(([currency, amountCents]) => ({ amountCents, currency }));

const add = <K>(map: Map<K, number>, key: K, amount: number): void => {
  map.set(key, (map.get(key) ?? 0) + amount);
};

export class InMemoryOrderAnalytics implements OrderAnalytics {
  constructor(private readonly store: MemoryStore) {}

  async totals(companyId: string, range: TimeRange): Promise<OrderTotals> {
    const cents = new Map<string, number>();
    const orders = new Map<string, number>();
    const buyers = new Set<string>();
    for (const order of this.counted(companyId, range)) {
      add(cents, order.total.currency, order.total.amountCents);
      add(orders, order.total.currency, 1);
      buyers.add(order.userId);
    }
    const revenue = byCurrency(cents);
    return {
      orders: [...orders.values()].reduce((sum, n) => sum + n, 0),
      revenue,
      ordersByCurrency: revenue.map((money) => orders.get(money.currency) ?? 0),
      buyers: buyers.size,
    };
  }

  async productSales(
    companyId: string,
    range: TimeRange,
    only: { readonly productIds: readonly string[] } | { readonly limit: number; readonly by: 'units' | 'revenue' },
  ): Promise<ProductSales[]> {
    const wanted = 'productIds' in only ? new Set(only.productIds) : null;
    const units = new Map<string, number>();
    const cents = new Map<string, Map<string, number>>();
    for (const order of this.counted(companyId, range)) {
      for (const line of order.items) {
        if (wanted && !wanted.has(line.productId)) continue;
        add(units, line.productId, line.quantity);
        let ofProduct = cents.get(line.productId);
        if (!ofProduct) cents.set(line.productId, (ofProduct = new Map()));
        add(ofProduct, line.unitPrice.currency, line.quantity * line.unitPrice.amountCents);
      }
    }
    const sales = [...units].map(([productId, n]): ProductSales => ({ productId, units: n, revenue: byCurrency(cents.get(productId) ?? new Map()) }));
    if ('productIds' in only) return sales;
    const measure = only.by === 'units' ? (s: ProductSales) => s.units : (s: ProductSales) => s.revenue.reduce((sum, money) => sum + money.amountCents, 0);
    return sales.sort((a, b) => measure(b) - measure(a) || byCodePoint(a.productId, b.productId)).slice(0, only.limit);
  }

  /** The company's orders placed in range and now paid, shipped or delivered. */
  private counted(companyId: string, range: TimeRange): Order[] {
    return [...this.store.table<Order>('orders').values()].filter(
      (order) => order.companyId === companyId && isCountedStatus(order.status) && order.placedAt >= range.from && order.placedAt < range.to,
    );
  }
}
