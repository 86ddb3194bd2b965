// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const PricePointSchema = new EntitySchema<{ id: string }>({
  name: 'PricePointRow',
  tableName: 'placeholder_price_point',
  properties: { id: { type: 'text', primary: true } },
});
