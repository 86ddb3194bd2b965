import { z } from 'zod';
import { NOTIFICATION_CONSUMERS, type NotificationTriggers } from '../../application/notifications/notification-triggers';
import type { ConsumerSpec, EventConsumer } from '../../application/ports/message-bus';
import { ORDER_STATUSES } from '../../domain/orders/order';
import { decodePayload } from './decode-payload';

// Only the fields the triggers read; the rest of each payload may grow without breaking them.
const MoneyPayload = z.object({ amountCents: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) });
const PriceChangedPayload = z.object({ productId: z.string().min(1), previous: MoneyPayload, current: MoneyPayload });
const StockChangedPayload = z.object({ productId: z.string().min(1), previous: z.number().int().nonnegative(), current: z.number().int().nonnegative() });
const OrderStatusChangedPayload = z.object({ orderId: z.string().min(1), userId: z.string().min(1), to: z.enum(ORDER_STATUSES) });

/** Their queues and bindings, known without building the use case (the relay declares them too). */
export const NOTIFICATION_QUEUES: readonly ConsumerSpec[] = [
  { name: NOTIFICATION_CONSUMERS.priceDrop, eventTypes: ['PriceChanged'] },
  { name: NOTIFICATION_CONSUMERS.backInStock, eventTypes: ['StockChanged'] },
  { name: NOTIFICATION_CONSUMERS.orderStatus, eventTypes: ['OrderStatusChanged'] },
];

/** `PriceChanged`, `StockChanged` and `OrderStatusChanged` → the notification triggers (SPEC §3.8). */
export function notificationConsumers(triggers: NotificationTriggers): EventConsumer[] {
  const [priceDrop, backInStock, orderStatus] = NOTIFICATION_QUEUES as [ConsumerSpec, ConsumerSpec, ConsumerSpec];
  return [
    {
      ...priceDrop,
      async handle({ event }) {
        const payload = decodePayload(PriceChangedPayload, event);
        await triggers.priceChanged({ eventId: event.id, companyId: event.companyId, ...payload });
      },
    },
    {
      ...backInStock,
      async handle({ event }) {
        const payload = decodePayload(StockChangedPayload, event);
        await triggers.stockChanged({ eventId: event.id, companyId: event.companyId, ...payload });
      },
    },
    {
      ...orderStatus,
      async handle({ event }) {
        const { orderId, userId, to } = decodePayload(OrderStatusChangedPayload, event);
        await triggers.orderStatusChanged({ eventId: event.id, companyId: event.companyId, orderId, userId, to });
      },
    },
  ];
}
