import type { Page, PageRequest } from '../../domain/shared/page';

/**
 * Keyset-style pagination over an already sorted list: the cursor is the id of the last
 * item served, so pages stay stable when earlier items are added.
 */
export function paginate<T>(sorted: readonly T[], page: PageRequest, idOf: (item: T) => string): Page<T> {
  let start = 0;
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    const index = sorted.findIndex((item) => idOf(item) === after);
    start = index === -1 ? sorted.length : index + 1;
  }
  const items = sorted.slice(start, start + page.limit);
  const more = start + page.limit < sorted.length;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(idOf(last)) : null };
}

const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');
