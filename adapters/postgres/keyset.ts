import type { EntityManager, EntityName, FilterQuery, OrderDefinition } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, type CursorKey, type KeyPart, type Page, type PageRequest } from '../../domain/shared/page';

/**
 * Keyset pagination in SQL: `fetch` asks for the rows after the cursor's key (null: from the
 * start), one more than the page to know whether more follow. The key is checked against
 * `parts` before it reaches SQL (InvalidCursor otherwise), so a forged cursor cannot cause a
 * database error.
 */
export async function keysetPage<T>(
  page: PageRequest,
  parts: readonly KeyPart[],
  fetch: (after: CursorKey | null, limit: number) => Promise<readonly T[]>,
  keyOf: (item: T) => CursorKey,
): Promise<Page<T>> {
  const after = page.cursor ? decodeCursor(page.cursor, parts) : null;
  const rows = await fetch(after, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(keyOf(last)) : null };
}

type ColumnOf<Row, Value> = { [K in keyof Row]: Row[K] extends Value ? K : never }[keyof Row] & string;
type Direction = 'asc' | 'desc';

/** A sort on a timestamp column, ties broken by a unique text column (the row's id). */
export interface TimeIdOrder<Row> {
  readonly time: ColumnOf<Row, Date>;
  readonly id: ColumnOf<Row, string>;
  readonly directions: readonly [time: Direction, id: Direction];
}

/**
 * A page of the rows of `entity` that match `where`, in `order` and keyed by (time, id): the
 * MikroORM find behind every list that pages by a timestamp.
 */
export function findTimeIdPage<Row extends object>(
  em: EntityManager,
  entity: EntityName<Row>,
  where: FilterQuery<Row>,
  order: TimeIdOrder<Row>,
  page: PageRequest,
  options: { readonly disableIdentityMap?: boolean } = {},
): Promise<Page<Row>> {
  const [timeDirection, idDirection] = order.directions;
  const orderBy = { [order.time]: timeDirection, [order.id]: idDirection } as OrderDefinition<Row>;
  return keysetPage(
    page,
    ['time', 'string'],
    async (after, limit) => {
      // `$and` rather than merging: `where` may hold its own condition on the time column.
      const filter = after ? ({ $and: [where, rowsAfter(order, after)] } as FilterQuery<Row>) : where;
      return em.find(entity, filter, { orderBy, limit, ...options });
    },
    (row) => [(row[order.time] as Date).getTime(), row[order.id] as string],
  );
}

function rowsAfter<Row>({ time, id, directions }: TimeIdOrder<Row>, [ms, lastId]: CursorKey): FilterQuery<Row> {
  const at = new Date(ms as number);
  const beyond = (direction: Direction) => (direction === 'asc' ? '$gt' : '$lt');
  return { $or: [{ [time]: { [beyond(directions[0])]: at } }, { [time]: at, [id]: { [beyond(directions[1])]: lastId } }] } as FilterQuery<Row>;
}
