import { EntitySchema } from '@mikro-orm/postgresql';
import type { OrderStatus } from '../../../domain/orders/order';

export interface OrderRow {
  id: string;
  companyId: string;
  userId: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  placedAt: Date;
  history: { status: OrderStatus; at: string }[];
}

export interface OrderLineRow {
  orderId: string;
  productId: string;
  companyId: string;
  position: number;
  quantity: number;
  unitPriceCents: number;
  currency: string;
}

export const OrderSchema = new EntitySchema<OrderRow>({
  name: 'OrderRow',
  tableName: 'orders',
  indexes: [
    { name: 'orders_company_placed_idx', properties: ['companyId', 'placedAt', 'id'] },
    { name: 'orders_company_user_placed_idx', properties: ['companyId', 'userId', 'placedAt'] },
  ],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    userId: { type: 'text' },
    status: { type: 'text' },
    totalCents: { type: 'bigint', runtimeType: 'number', columnType: 'bigint' },
    currency: { type: 'text' },
    placedAt: { type: 'datetime', columnType: 'timestamptz' },
    history: { type: 'json' },
  },
});

export const OrderLineSchema = new EntitySchema<OrderLineRow>({
  name: 'OrderLineRow',
  tableName: 'order_lines',
  indexes: [{ name: 'order_lines_company_product_idx', properties: ['companyId', 'productId'] }],
  properties: {
    orderId: { type: 'text', primary: true },
    productId: { type: 'text', primary: true },
    companyId: { type: 'text' },
    position: { type: 'integer' },
    quantity: { type: 'integer' },
    unitPriceCents: { type: 'integer' },
    currency: { type: 'text' },
  },
});
