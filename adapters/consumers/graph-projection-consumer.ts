import { z } from 'zod';
import type { ProjectInterests, ProjectProduct, ProjectPurchases } from '../../application/recommendations/graph-projection';
import type { ConsumerSpec, EventConsumer } from '../../application/ports/message-bus';
import { ORDER_STATUSES } from '../../domain/orders/order';
import { decodePayload } from './decode-payload';

const ProductPayload = z.object({ productId: z.string().min(1) });
const OrderPayload = z.object({
  userId: z.string().min(1),
  to: z.enum(ORDER_STATUSES),
  items: z.array(z.object({ productId: z.string().min(1) })),
});
const InterestsPayload = z.object({ userId: z.string().min(1) });

/** Statuses that start or end a purchase; the others leave the buyer's purchases as they were. */
const PURCHASE_CHANGES: ReadonlySet<string> = new Set(['paid', 'refunded', 'cancelled']);

export const GRAPH_PROJECTION_QUEUE: ConsumerSpec = {
  name: 'graph-projection',
  eventTypes: ['ProductUpserted', 'PriceChanged', 'StockChanged', 'OrderStatusChanged', 'InterestsUpdated'],
};

export interface GraphProjections {
  readonly product: ProjectProduct;
  readonly purchases: ProjectPurchases;
  readonly interests: ProjectInterests;
}

/** Catalog, order and interest events → the graph projection (each projection re-reads the store, so redelivery is harmless). */
export function graphProjectionConsumer(project: GraphProjections): EventConsumer {
  return {
    ...GRAPH_PROJECTION_QUEUE,
    async handle({ event }) {
      const { companyId } = event;
      switch (event.type) {
        case 'ProductUpserted':
        case 'PriceChanged':
        case 'StockChanged':
          return project.product.execute({ companyId, productId: decodePayload(ProductPayload, event).productId });
        case 'OrderStatusChanged': {
          const order = decodePayload(OrderPayload, event);
          if (!PURCHASE_CHANGES.has(order.to)) return;
          return project.purchases.execute({ companyId, userId: order.userId, productIds: order.items.map((i) => i.productId) });
        }
        case 'InterestsUpdated':
          return project.interests.execute({ companyId, userId: decodePayload(InterestsPayload, event).userId });
      }
    },
  };
}
