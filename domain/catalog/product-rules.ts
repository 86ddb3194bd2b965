// The rules every product write obeys, whatever door it came in by (create, patch, import).
import { appError, invalid, type AppError } from '../shared/errors';
import { money, type Money } from '../shared/money';
import { err, ok, type Result } from '../shared/result';
import { PRODUCT_STATUSES, type Product, type ProductStatus } from './product';

/** The editable fields of a product, as a client sends them. */
export interface ProductFields {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly brand: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly stock: number;
  readonly imageUrl: string | null;
  readonly status: ProductStatus;
}

type Invalid = AppError<'validation_failed'>;

const SKU = /^[A-Za-z0-9._-]{1,64}$/;
const URL_LIKE = /^https?:\/\/\S+$/;

/** Checks and normalises every field; `path` prefixes the field names in errors (import rows). */
export function checkProductFields(fields: ProductFields, path = ''): Result<ProductFields, Invalid> {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!SKU.test(fields.sku)) return err(invalid(at('sku'), 'must be 1..64 letters, digits, dot, dash or underscore'));
  const name = fields.name.trim();
  if (name.length < 1 || name.length > 200) return err(invalid(at('name'), 'must be 1..200 characters'));
  if (fields.description.length > 5000) return err(invalid(at('description'), 'must be at most 5000 characters'));
  const brand = fields.brand?.trim() || null;
  if (brand && brand.length > 100) return err(invalid(at('brand'), 'must be at most 100 characters'));
  const tags = [...new Set(fields.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (tags.length > 30 || tags.some((t) => t.length > 40)) return err(invalid(at('tags'), 'at most 30 tags of up to 40 characters'));
  const attributeKeys = Object.keys(fields.attributes);
  if (attributeKeys.length > 50 || attributeKeys.some((k) => k.length < 1 || k.length > 50 || (fields.attributes[k] ?? '').length > 200)) {
    return err(invalid(at('attributes'), 'at most 50 attributes, keys of 1..50 and values up to 200 characters'));
  }
  const price = money(fields.price.amountCents, fields.price.currency);
  if (!price.ok) return err(invalid(at('price'), `invalid money: ${price.error}`));
  if (!Number.isSafeInteger(fields.stock) || fields.stock < 0) return err(invalid(at('stock'), 'must be a whole number ≥ 0'));
  if (fields.imageUrl !== null && !URL_LIKE.test(fields.imageUrl)) return err(invalid(at('imageUrl'), 'must be an http(s) URL'));
  if (!PRODUCT_STATUSES.includes(fields.status)) return err(invalid(at('status'), 'must be draft, active or archived'));
  return ok({ ...fields, name, brand, tags, price: price.value });
}

export const samePrice = (a: Money, b: Money): boolean => a.amountCents === b.amountCents && a.currency === b.currency;

/**
 * A product's currency is fixed when it is created: its price history, deals and order totals
 * compare prices of one currency only. A new `price` in another currency is a conflict with the
 * product as it stands; `path` names the price in the request (`price`, `rows[3].price`).
 */
export function keepsCurrency(product: Pick<Product, 'price'>, price: Money, path = 'price'): Result<Money, AppError<'conflict'>> {
  const fixed = product.price.currency;
  if (price.currency === fixed) return ok(price);
  const message = `must be ${fixed}: a product keeps the currency it was created in`;
  return err(appError('conflict', `The product is priced in ${fixed}, not ${price.currency}`, { details: [{ path: `${path}.currency`, message }] }));
}

/** The words of a search query, lower-cased and joined by single spaces; undefined when there are none. */
export function searchQuery(raw: string | undefined): string | undefined {
  const words = (raw ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length ? words.join(' ') : undefined;
}

/** The text that search matches against: name, description, brand and tags. */
export function searchableText(fields: Pick<ProductFields, 'name' | 'description' | 'brand' | 'tags'>): string {
  return [fields.name, fields.description, fields.brand ?? '', ...fields.tags].filter(Boolean).join(' ').toLowerCase();
}
