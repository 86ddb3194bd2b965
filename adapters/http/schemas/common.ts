// Schemas shared by every route module: they validate requests and feed /openapi.json.
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, cursorKey } from '../../../domain/shared/page';
import { MAX_AMOUNT_CENTS } from '../../../domain/shared/money';

export const IdParams = z.strictObject({ id: z.string().min(1).max(200) });

/**
 * `cursor` of every list: a `nextCursor` the same list gave out. Its form is checked here; a
 * cursor of another list's shape is refused by the list itself (InvalidCursor), also as a 400.
 * Empty, as a form may send it, means the first page.
 */
export const Cursor = z
  .string()
  .max(1000)
  .refine((cursor) => cursor === '' || cursorKey(cursor).ok, 'not a cursor this API gave out; pass a nextCursor unchanged')
  .transform((cursor) => cursor || undefined)
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page; absent for the first page' });

export const Limit = z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT);

/** `limit` (1..100, default 20) and `cursor`, as every list takes them (SPEC §2). */
export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });

/** The ISO 4217 codes this runtime's ICU knows (its Intl formats prices in them), read once. */
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const MoneySchema = z.strictObject({
  amountCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 code such as EUR', abort: true })
    .refine((code) => KNOWN_CURRENCIES.has(code), 'not an ISO 4217 currency code this server knows, such as EUR or USD'),
}).meta({ id: 'Money', description: 'An amount in integer minor units (cents) of an ISO 4217 currency; never a float' });

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable machine code, e.g. `validation_failed`, `not_found` (SPEC §2)' }),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional()
      .meta({ description: 'For `validation_failed`: each refused field, e.g. `price.amountCents`' }),
  }),
}).meta({ id: 'Error', description: 'Every 4xx and 5xx answer has this shape' });

/** `nextCursor` of every list's answer. */
export const NextCursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' });

type PageSchema<T extends z.ZodType> = z.ZodObject<{ items: z.ZodArray<T>; nextCursor: z.ZodNullable<z.ZodString> }>;

const pages = new WeakMap<z.ZodType, PageSchema<z.ZodType>>();

/**
 * `{items, nextCursor}` of an item schema: one schema per item, named `<Item>Page` in
 * /openapi.json when the item is named, as a name can be registered only once.
 */
export function pageOf<T extends z.ZodType>(item: T): PageSchema<T> {
  const known = pages.get(item);
  if (known) return known as PageSchema<T>;
  const name = item.meta()?.id;
  const page = z.object({
    items: z.array(item),
    nextCursor: NextCursor,
  });
  const named = name ? page.meta({ id: `${name}Page` }) : page;
  pages.set(item, named);
  return named;
}

/** `true`/`false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

export const iso = (date: Date): string => date.toISOString();

/**
 * The JSON text of each value `presentOnce` made, written on its first send (null until then):
 * a shared presentation is serialised once, not on every request that answers it.
 */
const jsonTexts = new WeakMap<object, string | null>();

/**
 * A presenter remembered per domain object. Domain values are never changed in place, so the
 * same object always presents the same; cache hits hand out one shared object, and a hot read
 * then maps it once instead of on every request. Callers must not change what it returns.
 */
export function presentOnce<T extends object, R extends object>(present: (value: T) => R): (value: T) => R {
  const presented = new WeakMap<T, R>();
  return (value) => {
    let out = presented.get(value);
    if (out === undefined) {
      presented.set(value, (out = present(value)));
      jsonTexts.set(out, null);
    }
    return out;
  };
}

/** The JSON text of a body `presentOnce` made, serialised once; undefined for any other body. */
export function presentedJson(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const text = jsonTexts.get(body);
  if (text !== null) return text;
  const made = JSON.stringify(body);
  jsonTexts.set(body, made);
  return made;
}
