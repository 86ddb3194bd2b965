// Walks a keyset-paged list to its end, checking what every page of SPEC §2 must hold: at most
// `limit` items, a nextCursor on every page but the last, and no page served twice.
import { expect } from 'vitest';
import { encodeCursor, type Page } from '../../domain/shared/page';

/** Every item of the list in the order served, page after page of `limit`. */
export async function walkPages<T>(limit: number, read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await read(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    expect(page.items.length, 'a page before the last one is full').toBe(limit);
    expect(cursors.has(page.nextCursor), 'the walk moves on').toBe(false);
    cursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

/**
 * Cursors no list may take: not base64url, base64url of text that is not JSON, JSON that is
 * not a key, and keys whose text no store can hold. `otherShape` adds a well-formed key of a
 * shape the list under test does not use.
 */
export function malformedCursors(otherShape: readonly (string | number)[] = ['x', 'y', 'z', 'w', 'v']): string[] {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return [
    '!!!',
    'a',
    b64('not json'),
    b64('{}'),
    b64('[]'),
    b64('null'),
    b64('[1e999, "id"]'),
    b64('["\\u0000", "id"]'),
    b64('["\\ud800", "id"]'),
    encodeCursor(otherShape),
  ];
}
