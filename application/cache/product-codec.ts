// Products in and out of the cache: JSON with ISO dates, read back as domain products.
import type { Product } from '../../domain/catalog/product';
import { productSnapshot } from '../../domain/catalog/catalog-events';
import type { Page } from '../../domain/shared/page';
import type { JsonValue } from '../ports/cache';
import type { Codec } from './cache-aside';

type ProductJson = ReturnType<typeof productSnapshot> & { readonly companyId: string };

export const encodeProduct = (product: Product): JsonValue =>
  ({ ...productSnapshot(product), companyId: product.companyId }) as unknown as JsonValue;

export function decodeProduct(json: JsonValue): Product {
  const { productId, createdAt, updatedAt, ...rest } = json as unknown as ProductJson;
  return { ...rest, id: productId, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export const productCodec: Codec<Product | null> = {
  encode: (product) => (product ? encodeProduct(product) : null),
  decode: (json) => (json === null ? null : decodeProduct(json)),
};

export const productPageCodec: Codec<Page<Product>> = {
  encode: (page) => ({ items: page.items.map(encodeProduct), nextCursor: page.nextCursor }),
  decode: (json) => {
    const page = json as { items: JsonValue[]; nextCursor: string | null };
    return { items: page.items.map(decodeProduct), nextCursor: page.nextCursor };
  },
};
