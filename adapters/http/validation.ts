// Every route's params, query and body pass through `parseWith`: the one place where text is
// checked at the edge (SPEC §2) and where the size of a refusal is bounded.
import type { z } from 'zod';
import { appError, type AppError, type ErrorDetail } from '../../domain/shared/errors';
import { MAX_NAMED_PROBLEMS } from './error-to-http';
import { findTextFlaws } from './text-flaws';

/** A key longer than this is cut when named in a path, and a path deeper than this too. */
const MAX_NAMED_KEY = 64;
const MAX_NAMED_DEPTH = 32;

const NO_FLAWS = { named: [], count: 0 } as const;

type Parsed<S extends z.ZodType> = { ok: true; value: z.output<S> } | { ok: false; error: AppError<'validation_failed'> };

/**
 * Parses `value` with `schema`, or names the offending fields under `prefix`. A NUL byte or an
 * unpaired surrogate anywhere in `value` (keys included) is refused before the schema runs, so
 * no route, however loose its schema, hands such text to a store.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string, options: { scanText?: boolean } = {}): Parsed<S> {
  const flaws = options.scanText === false ? NO_FLAWS : findTextFlaws(value, MAX_NAMED_PROBLEMS);
  if (flaws.count > 0) {
    const details = flaws.named.map((flaw) => ({ path: pathOf(prefix, flaw.path) || 'body', message: flaw.message }));
    return refuse(prefix, details, flaws.count);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details: ErrorDetail[] = [];
  let count = 0;
  for (const issue of parsed.error.issues) {
    const found = issueDetails(issue, prefix, MAX_NAMED_PROBLEMS - details.length);
    details.push(...found.details);
    count += found.count;
  }
  return refuse(prefix, details, count);
}

function refuse(prefix: string, details: readonly ErrorDetail[], count: number): { ok: false; error: AppError<'validation_failed'> } {
  const more = count - details.length;
  const message = `Invalid request ${prefix || 'body'}${more > 0 ? `: ${count} problems, the first ${details.length} named` : ''}`;
  return { ok: false, error: appError('validation_failed', message, { details }) };
}

/**
 * Zod reports unknown keys on the parent, all in one message; name each key in its own path
 * instead, so clients see which one, and never more than `room` of them.
 */
function issueDetails(issue: z.core.$ZodIssue, prefix: string, room: number): { details: ErrorDetail[]; count: number } {
  const at = (...below: PropertyKey[]) => pathOf(prefix, [...issue.path, ...below]);
  if (issue.code !== 'unrecognized_keys') return { details: room > 0 ? [{ path: at(), message: issue.message }] : [], count: 1 };
  const named = issue.keys.slice(0, Math.max(0, room));
  return { details: named.map((key) => ({ path: at(key), message: 'Unknown field' })), count: issue.keys.length };
}

function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  const shown = path.length > MAX_NAMED_DEPTH ? [...path.slice(0, MAX_NAMED_DEPTH).map(namedKey), '…'] : path.map(namedKey);
  return [prefix, ...shown].filter(Boolean).join('.');
}

/** A key as a path names it: bounded in length, with NUL and lone surrogates written as `\uXXXX`. */
function namedKey(key: PropertyKey): string {
  const text = typeof key === 'symbol' ? (key.description ?? '') : String(key);
  let cut = text;
  if (text.length > MAX_NAMED_KEY) {
    // Not between the halves of a pair, which would leave a lone surrogate behind.
    const last = text.charCodeAt(MAX_NAMED_KEY - 1);
    const end = last >= 0xd800 && last <= 0xdbff ? MAX_NAMED_KEY - 1 : MAX_NAMED_KEY;
    cut = `${text.slice(0, end)}…`;
  }
  return cut.replaceAll('\u0000', '\\u0000').replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
