import { z } from 'zod';
import type { InferInterestsFromPurchase } from '../../application/interests/infer-interests-from-purchase';
import type { ConsumerSpec, EventConsumer } from '../../application/ports/message-bus';
import { ORDER_STATUSES } from '../../domain/orders/order';
import { decodePayload } from './decode-payload';

// Only the fields inference reads; the rest of the payload may grow without breaking it.
const OrderStatusChangedPayload = z.object({
  userId: z.string().min(1),
  to: z.enum(ORDER_STATUSES),
  items: z.array(z.object({ productId: z.string().min(1), quantity: z.number().int().positive() })),
});

/** Its queue and bindings, known without building the use case (the relay declares them too). */
export const INTEREST_INFERENCE_QUEUE: ConsumerSpec = { name: 'interest-inference', eventTypes: ['OrderStatusChanged'] };

/** `OrderStatusChanged` → `InferInterestsFromPurchase`. */
export function interestInferenceConsumer(infer: InferInterestsFromPurchase): EventConsumer {
  return {
    ...INTEREST_INFERENCE_QUEUE,
    async handle({ event }) {
      const payload = decodePayload(OrderStatusChangedPayload, event);
      await infer.execute({
        eventId: event.id,
        companyId: event.companyId,
        userId: payload.userId,
        to: payload.to,
        items: payload.items,
        occurredAt: new Date(event.occurredAt),
      });
    },
  };
}
