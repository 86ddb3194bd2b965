import { z } from 'zod';
import type { Invoice } from '../../../application/orders/get-invoice';
import type { TrendingProduct } from '../../../application/orders/list-trending';
import { ORDER_STATUSES, type Order } from '../../../domain/orders/order';
import { ProductOut, productOut } from './catalog-schemas';
import { Cursor, Limit, MoneySchema, iso } from './common';

const Status = z.enum(ORDER_STATUSES);

export const PlaceOrderBody = z.strictObject({
  items: z.array(z.strictObject({ productId: z.string().min(1).max(200), quantity: z.number().int().min(1).max(1000) })).min(1).max(100),
  userId: z.string().min(1).max(200).optional(),
}).meta({ id: 'NewOrder' });

export const TransitionBody = z.strictObject({ to: Status }).meta({ id: 'OrderTransition' });

export const ListOrdersQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor,
  userId: z.string().max(200).optional(),
  status: Status.optional(),
});

export const OrderOut = z.object({
  id: z.string(),
  userId: z.string(),
  items: z.array(z.object({ productId: z.string(), quantity: z.number(), unitPrice: MoneySchema })),
  total: MoneySchema,
  status: Status,
  placedAt: z.string(),
  history: z.array(z.object({ status: Status, at: z.string() })),
}).meta({ id: 'Order' });

export const orderOut = (o: Order): z.infer<typeof OrderOut> => ({
  id: o.id,
  userId: o.userId,
  items: o.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: { ...i.unitPrice } })),
  total: { ...o.total },
  status: o.status,
  placedAt: iso(o.placedAt),
  history: o.history.map((h) => ({ status: h.status, at: iso(h.at) })),
});

export const InvoiceOut = z.object({
  invoiceNumber: z.string(),
  orderId: z.string(),
  issuedAt: z.string(),
  status: Status,
  seller: z.object({ name: z.string() }),
  customer: z.object({ id: z.string(), displayName: z.string().nullable(), email: z.string().nullable() }),
  lines: z.array(
    z.object({ productId: z.string(), sku: z.string().nullable(), name: z.string().nullable(), quantity: z.number(), unitPrice: MoneySchema, lineTotal: MoneySchema }),
  ),
  total: MoneySchema,
}).meta({ id: 'Invoice' });

export const invoiceOut = (i: Invoice): z.infer<typeof InvoiceOut> => ({ ...i, issuedAt: iso(i.issuedAt), lines: [...i.lines] });

export const TrendingProductOut = z
  .object({ product: ProductOut, units: z.number().int().meta({ description: 'Units purchased over the last 7 days' }) })
  .meta({ id: 'TrendingProduct' });
export const trendingProductOut = (t: TrendingProduct): z.infer<typeof TrendingProductOut> => ({ product: productOut(t.product), units: t.units });
