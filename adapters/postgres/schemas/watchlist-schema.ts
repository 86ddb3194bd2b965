import { EntitySchema } from '@mikro-orm/postgresql';

export interface WatchlistRow {
  companyId: string;
  userId: string;
  productId: string;
  targetCents: number | null;
  targetCurrency: string | null;
  addedAt: Date;
  referenceCents: number | null;
  referenceCurrency: string | null;
}

export const WatchlistSchema = new EntitySchema<WatchlistRow>({
  name: 'WatchlistRow',
  tableName: 'watchlist',
  indexes: [{ name: 'watchlist_company_product_idx', properties: ['companyId', 'productId'] }],
  properties: {
    companyId: { type: 'text', primary: true },
    userId: { type: 'text', primary: true },
    productId: { type: 'text', primary: true },
    targetCents: { type: 'integer', nullable: true },
    targetCurrency: { type: 'text', nullable: true },
    addedAt: { type: 'datetime', columnType: 'timestamptz' },
    referenceCents: { type: 'integer', nullable: true },
    referenceCurrency: { type: 'text', nullable: true },
  },
});
