import { z } from 'zod';
import { PRODUCT_SORTS } from '../../../application/ports/product-repository';
import type { Category } from '../../../domain/catalog/category';
import type { PricePoint } from '../../../domain/catalog/price-point';
import type { Product } from '../../../domain/catalog/product';
import { MoneySchema, QueryBoolean, iso } from './common';

export const CategoryBody = z.strictObject({
  name: z.string().min(1).max(120),
  parentId: z.string().min(1).max(200).nullable().default(null),
});

export const CategoryPatch = z.strictObject({
  name: z.string().min(1).max(120).optional(),
  parentId: z.string().min(1).max(200).nullable().optional(),
});

export const CategoryOut = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: z.string(),
});

export const categoryOut = (c: Category): z.infer<typeof CategoryOut> => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId,
  createdAt: iso(c.createdAt),
});

const Sku = z.string().min(1).max(64);
const Tags = z.array(z.string().max(40)).max(30);
const Attributes = z.record(z.string().max(50), z.string().max(200));
const Status = z.enum(['draft', 'active', 'archived']);

export const ProductBody = z.strictObject({
  sku: Sku,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  categoryId: z.string().min(1).max(200).nullable().optional(),
  brand: z.string().max(100).nullable().optional(),
  tags: Tags.optional(),
  attributes: Attributes.optional(),
  price: MoneySchema,
  stock: z.number().int().min(0).max(1_000_000_000),
  imageUrl: z.string().url().max(2000).nullable().optional(),
  status: Status.optional(),
});

export const ProductPatchBody = ProductBody.partial();

export const PriceBody = z.strictObject({ price: MoneySchema });

export const ImportBody = z.union([z.array(z.unknown()).max(1000), z.string().max(5 * 1024 * 1024)]);

const Cents = z.coerce.number().int().min(0).max(2_000_000_000);

export const SearchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  categoryId: z.string().max(200).optional(),
  brand: z.string().max(100).optional(),
  tag: z.string().max(40).optional(),
  minPrice: Cents.optional(),
  maxPrice: Cents.optional(),
  inStock: QueryBoolean.optional(),
  status: Status.optional(),
  sort: z.enum(PRODUCT_SORTS).default('relevance'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).optional(),
});

export const AutocompleteQuery = z.strictObject({ q: z.string().min(1).max(100) });
export const LimitQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const PriceHistoryQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
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
});

export const productOut = (p: Product): z.infer<typeof ProductOut> => ({
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
});

export const PricePointOut = z.object({ price: MoneySchema, at: z.string() });
export const pricePointOut = (p: PricePoint): z.infer<typeof PricePointOut> => ({ price: { ...p.price }, at: iso(p.at) });
