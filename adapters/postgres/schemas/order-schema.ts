// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const OrderSchema = new EntitySchema<{ id: string }>({
  name: 'OrderRow',
  tableName: 'placeholder_orders',
  properties: { id: { type: 'text', primary: true } },
});
export const OrderLineSchema = new EntitySchema<{ id: string }>({
  name: 'OrderLineRow',
  tableName: 'placeholder_order_lines',
  properties: { id: { type: 'text', primary: true } },
});
