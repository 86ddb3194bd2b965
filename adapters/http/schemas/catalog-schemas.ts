import { z } from 'zod';
import type { ProductDeal } from '../../../application/catalog/list-deals';
import { PRODUCT_SORTS } from '../../../application/ports/product-repository';
import type { Category } from '../../../domain/catalog/category';
import type { PricePoint } from '../../../domain/catalog/price-point';
import { PRODUCT_STATUSES, type Product } from '../../../domain/catalog/product';
import { MAX_AMOUNT_CENTS } from '../../../domain/shared/money';
import { Cursor, Limit, MoneySchema, QueryBoolean, iso, presentOnce } from './common';

export const CategoryBody = z.strictObject({
  name: z.string().min(1).max(120),
  parentId: z.string().min(1).max(200).nullable().default(null),
}).meta({ id: 'NewCategory' });

export const CategoryPatch = z.strictObject({
  name: z.string().min(1).max(120).optional(),
  parentId: z.string().min(1).max(200).nullable().optional(),
}).meta({ id: 'CategoryPatch' });

export const CategoryOut = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Category' });

export const categoryOut = (c: Category): z.infer<typeof CategoryOut> => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId,
  createdAt: iso(c.createdAt),
});

const Sku = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1..64 letters, digits, dot, dash or underscore');
const Tags = z.array(z.string().trim().min(1).max(40)).max(30);
const Attributes = z.record(z.string().min(1).max(50), z.string().max(200));
const Status = z.enum(PRODUCT_STATUSES);

/** POST /products and each import row. */
export const ProductBody = z.strictObject({
  sku: Sku,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  categoryId: z.string().min(1).max(200).nullable().optional(),
  brand: z.string().trim().max(100).nullable().optional(),
  tags: Tags.optional(),
  attributes: Attributes.optional(),
  price: MoneySchema,
  stock: z.number().int().min(0).max(1_000_000_000),
  imageUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  status: Status.optional(),
}).meta({ id: 'NewProduct' });

export const ProductPatchBody = ProductBody.partial().meta({ id: 'ProductPatch' });

export const PriceBody = z.strictObject({ price: MoneySchema }).meta({ id: 'PriceChange' });

/** A JSON array of rows, or CSV text (content-type text/csv); row limits are checked per row. */
export const ImportBody = z.union([z.array(z.unknown()), z.string()]);

export const ImportOut = z.object({ created: z.number().int(), updated: z.number().int() }).meta({ id: 'ImportResult' });

const Cents = z.coerce.number().int().min(0).max(MAX_AMOUNT_CENTS);
/** A text filter; an empty one (`?brand=`), as forms often send, means no filter. */
const Filter = (max: number) => z.string().max(max).optional().transform((v) => (v === '' ? undefined : v));

export const SearchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  categoryId: Filter(200),
  brand: Filter(100),
  tag: Filter(40),
  minPrice: Cents.optional(),
  maxPrice: Cents.optional(),
  inStock: QueryBoolean.optional(),
  /** Staff+ only; customers always get active products (and nothing for another status). */
  status: Status.optional(),
  sort: z.enum(PRODUCT_SORTS).default('relevance'),
  limit: Limit,
  cursor: Cursor,
});

export const AutocompleteQuery = z.strictObject({ q: z.string().min(1).max(100) });
export const AutocompleteOut = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

export const PriceHistoryQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: Limit,
  cursor: Cursor,
});

export const ProductOut = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  categoryId: z.string().nullable(),
  brand: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.string()),
  price: MoneySchema,
  stock: z.number(),
  imageUrl: z.string().nullable(),
  status: Status,
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Product' });

/** Memoised per product object: a cached product is one shared object, presented once. */
export const productOut = presentOnce((p: Product): z.infer<typeof ProductOut> => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  categoryId: p.categoryId,
  brand: p.brand,
  tags: [...p.tags],
  attributes: { ...p.attributes },
  price: { ...p.price },
  stock: p.stock,
  imageUrl: p.imageUrl,
  status: p.status,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
}));

export const PricePointOut = z.object({ price: MoneySchema, at: z.string() }).meta({ id: 'PricePoint' });
export const pricePointOut = (p: PricePoint): z.infer<typeof PricePointOut> => ({ price: { ...p.price }, at: iso(p.at) });

export const DealOut = z.object({ product: ProductOut, currentPrice: MoneySchema, medianPrice: MoneySchema, dropPercent: z.number().gt(0).max(100) }).meta({ id: 'Deal' });
export const dealOut = (d: ProductDeal): z.infer<typeof DealOut> => ({
  product: productOut(d.product),
  currentPrice: { ...d.currentPrice },
  medianPrice: { ...d.medianPrice },
  dropPercent: d.dropPercent,
});
