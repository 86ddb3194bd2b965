// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const ProductSchema = new EntitySchema<{ id: string }>({
  name: 'ProductRow',
  tableName: 'placeholder_product',
  properties: { id: { type: 'text', primary: true } },
});
