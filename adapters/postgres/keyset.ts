import type { Page, PageRequest } from '../../domain/shared/page';

type Key = readonly (string | number)[];
type KeyType = 'string' | 'number';

/**
 * Keyset pagination: the cursor carries the sort key of the last item served, and the
 * next page asks for rows after it. Fetches one extra row to know whether more follow. A cursor's key is type-checked
 * before it reaches SQL, so a forged cursor cannot cause a database error.
 */
export async function keysetPage<T>(
  page: PageRequest,
  keyTypes: readonly KeyType[],
  fetch: (after: Key | null, limit: number) => Promise<readonly T[]>,
  keyOf: (item: T) => Key,
): Promise<Page<T>> {
  const after = page.cursor ? decodeKey(page.cursor, keyTypes) : null;
  if (page.cursor && !after) return { items: [], nextCursor: null };
  const rows = await fetch(after, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeKey(keyOf(last)) : null };
}

export function encodeKey(key: Key): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key in a cursor, or null when it is not one of ours (read as "past the end"). */
export function decodeKey(cursor: string, types: readonly KeyType[]): Key | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === types.length && key.every((k, i) => typeof k === types[i])) {
      return key;
    }
  } catch {
    // fall through
  }
  return null;
}
