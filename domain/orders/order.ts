import type { Money } from '../shared/money';

export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
  /** Copied from the catalog when the order was placed. */
  readonly unitPrice: Money;
}

export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: Date;
}

export interface Order {
  readonly id: string;
  readonly companyId: string;
  readonly userId: string;
  readonly items: readonly OrderLine[];
  readonly total: Money;
  readonly status: OrderStatus;
  readonly placedAt: Date;
  readonly history: readonly StatusChange[];
}
