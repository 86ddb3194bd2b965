// Keyset pagination (SPEC §2 lists): a cursor carries the sort key of the last item served, as
// base64url of a JSON array of strings and numbers, and the next page starts after that key.
import { byCodePoint } from './code-point-order';
import { err, ok, type Result } from './result';

export interface PageRequest {
  readonly limit: number;
  /** Opaque to callers: a `nextCursor` this list gave out; absent or empty for the first page. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/** The values an item sorts by, a unique one (its id) last, so that the order is total. */
export type CursorKey = readonly (string | number)[];

/** What one position of a key holds: text, a finite number, a safe integer, or a timestamp in epoch milliseconds. */
export type KeyPart = 'string' | 'number' | 'integer' | 'time';

/**
 * A cursor this list did not give out: not of our form, or the key of a list sorted another
 * way. The client's mistake (400), never "past the end": an empty page would hide the bug.
 */
export class InvalidCursor extends Error {
  constructor(reason: string) {
    super(`Not a cursor of this list: ${reason}`);
    this.name = 'InvalidCursor';
  }
}

export function encodeCursor(key: CursorKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// NUL and unpaired surrogates cannot be stored text, so no key of ours holds them (SPEC §2).
const storable = (text: string): boolean => !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);

/** The key inside a cursor of our form (base64url of a non-empty JSON array of text and finite numbers), or why it is not one. */
export function cursorKey(cursor: string): Result<CursorKey, string> {
  if (!BASE64URL.test(cursor) || cursor.length % 4 === 1) return err('not base64url');
  let key: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    key = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return err('not base64url of JSON');
  }
  if (!Array.isArray(key) || key.length === 0) return err('not a key');
  const valid = key.every((part) => (typeof part === 'number' ? Number.isFinite(part) : typeof part === 'string' && storable(part)));
  return valid ? ok(key as CursorKey) : err('not a key');
}

const MAX_TIME_MS = 8.64e15;

function fits(value: string | number, part: KeyPart): boolean {
  switch (part) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'time':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_TIME_MS;
  }
}

/** The key of a cursor given out by a list keyed by `parts`; throws InvalidCursor for any other. */
export function decodeCursor(cursor: string, parts: readonly KeyPart[]): CursorKey {
  const key = cursorKey(cursor);
  if (!key.ok) throw new InvalidCursor(key.error);
  if (key.value.length !== parts.length || !key.value.every((value, i) => fits(value, parts[i] as KeyPart))) {
    throw new InvalidCursor('a key of another list');
  }
  return key.value;
}

/** One position of a sort key and its direction. */
export type KeyColumn = readonly [KeyPart, 'asc' | 'desc'];

export interface KeyOrder<T> {
  readonly columns: readonly KeyColumn[];
  readonly keyOf: (item: T) => CursorKey;
}

/** Orders two keys of the same columns; text by code point, as PostgreSQL's C collation does. */
export function compareKeys(a: CursorKey, b: CursorKey, columns: readonly KeyColumn[]): number {
  for (const [i, [, direction]] of columns.entries()) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    const order = typeof x === 'number' && typeof y === 'number' ? Math.sign(x - y) : byCodePoint(String(x), String(y));
    if (order !== 0) return direction === 'asc' ? order : -order;
  }
  return 0;
}

/**
 * Keyset paging over a list held in memory (the memory adapters, lists a use case computes):
 * sorts by the key and serves the items after the cursor's key, so a walk meets every item once
 * even when the item a cursor names has gone since.
 */
export function keysetSlice<T>(items: readonly T[], page: PageRequest, order: KeyOrder<T>): Page<T> {
  const after = page.cursor ? decodeCursor(page.cursor, order.columns.map(([part]) => part)) : null;
  const keyed = items.map((item) => ({ item, key: order.keyOf(item) })).sort((a, b) => compareKeys(a.key, b.key, order.columns));
  const start = after ? keyed.findIndex(({ key }) => compareKeys(key, after, order.columns) > 0) : 0;
  const rest = start === -1 ? [] : keyed.slice(start);
  const served = rest.slice(0, page.limit);
  const last = served.at(-1);
  return { items: served.map(({ item }) => item), nextCursor: rest.length > page.limit && last ? encodeCursor(last.key) : null };
}
