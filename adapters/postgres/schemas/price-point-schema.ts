import { EntitySchema } from '@mikro-orm/postgresql';

export interface PricePointRow {
  id: string;
  companyId: string;
  productId: string;
  amountCents: number;
  currency: string;
  at: Date;
}

export const PricePointSchema = new EntitySchema<PricePointRow>({
  name: 'PricePointRow',
  tableName: 'price_points',
  indexes: [
    { name: 'price_points_product_at_idx', properties: ['companyId', 'productId', 'at'] },
    { name: 'price_points_company_at_idx', properties: ['companyId', 'at'] },
  ],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    productId: { type: 'text' },
    amountCents: { type: 'integer' },
    currency: { type: 'text' },
    at: { type: 'datetime', columnType: 'timestamptz' },
  },
});
