import type { OrderStatus } from './order';

// SPEC §3.3: placed → paid → shipped → delivered; placed|paid → cancelled;
// paid|shipped|delivered → refunded. Nothing else.
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

/** Whether an order in this status counts as a purchase (it reached paid and was not undone). */
export const isPurchase = (status: OrderStatus): boolean => status === 'paid' || status === 'shipped' || status === 'delivered';
