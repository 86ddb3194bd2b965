// Schemas shared by every route module: they validate requests and feed /openapi.json.
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../domain/shared/page';

export const IdParams = z.strictObject({ id: z.string().min(1).max(200) });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().max(1000).optional(),
});

export const MoneySchema = z.strictObject({
  amountCents: z.number().int().min(0).max(2_000_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
});

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

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
