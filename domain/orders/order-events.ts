import { domainEvent, type EventStamp } from '../shared/domain-event';
import type { Order, OrderStatus } from './order';

const lines = (order: Order) =>
  order.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice }));

export const orderPlaced = (order: Order, stamp: EventStamp) =>
  domainEvent('OrderPlaced', order.companyId, { orderId: order.id, userId: order.userId, items: lines(order), total: order.total }, stamp);

export const orderStatusChanged = (order: Order, from: OrderStatus, stamp: EventStamp) =>
  domainEvent('OrderStatusChanged', order.companyId, { orderId: order.id, userId: order.userId, from, to: order.status, items: lines(order) }, stamp);
