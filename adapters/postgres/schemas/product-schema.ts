import { EntitySchema } from '@mikro-orm/postgresql';
import type { ProductStatus } from '../../../domain/catalog/product';

export interface ProductRow {
  id: string;
  companyId: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string | null;
  brand: string | null;
  tags: string[];
  attributes: Record<string, string>;
  priceCents: number;
  currency: string;
  stock: number;
  imageUrl: string | null;
  status: ProductStatus;
  /** name, description, brand and tags, lower-cased: what full-text search indexes. */
  searchText: string;
  /** Units in orders that reached paid (minus refunds): the `popularity` sort. */
  unitsSold: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ProductSchema = new EntitySchema<ProductRow>({
  name: 'ProductRow',
  tableName: 'products',
  uniques: [{ name: 'products_company_sku_unique', properties: ['companyId', 'sku'] }],
  indexes: [
    { name: 'products_company_status_created_idx', properties: ['companyId', 'status', 'createdAt'] },
    { name: 'products_company_category_idx', properties: ['companyId', 'categoryId'] },
    { name: 'products_company_price_idx', properties: ['companyId', 'priceCents'] },
    // sort=popularity (units_sold desc, id desc) reads this backwards instead of sorting the whole catalog.
    { name: 'products_company_units_sold_idx', properties: ['companyId', 'unitsSold', 'id'] },
    {
      name: 'products_search_fts_idx',
      expression: `create index "products_search_fts_idx" on "products" using gin (to_tsvector('simple', "search_text"))`,
    },
    {
      name: 'products_name_trgm_idx',
      expression: `create index "products_name_trgm_idx" on "products" using gin (lower("name") gin_trgm_ops)`,
    },
  ],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    sku: { type: 'text' },
    name: { type: 'text' },
    description: { type: 'text' },
    categoryId: { type: 'text', nullable: true },
    brand: { type: 'text', nullable: true },
    tags: { type: 'json' },
    attributes: { type: 'json' },
    priceCents: { type: 'integer' },
    currency: { type: 'text' },
    stock: { type: 'integer' },
    imageUrl: { type: 'text', nullable: true },
    status: { type: 'text' },
    searchText: { type: 'text' },
    unitsSold: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
