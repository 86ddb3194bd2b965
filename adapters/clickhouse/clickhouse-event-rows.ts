// The events table and its rows as ClickHouse takes them in. Ingestion encodes each batch once
// (`clickHouseJournalEncoding`), the journal keeps that text, and the drain sends it as it is:
// TabSeparated rather than JSONEachRow, as it costs less to make here and to parse in
// ClickHouse and is a third shorter in the journal (measured with bench/ingest).
import { randomUUID } from 'node:crypto';
import type { JournalEncoding } from '../../application/ports/analytics-journal';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { sqlString } from './clickhouse-client';

export const EVENTS_TABLE = 'analytics_events';

const PRODUCT_KEY = 'product_id';

/**
 * Columns the analytics queries read instead of parsing JSON (18.16 has no JSON parser), added
 * after the table was released: `identity` (the event's userId, else its anonymousId; '' for
 * neither, which ingestion refuses) and `product_id` (`properties.product_id` when it is a
 * string, else NULL). `eventLines` computes them from the event; their DEFAULT computes the
 * same in ClickHouse for rows stored before they were added (read, then written by merges) and
 * for lines journalled before (inserted without them).
 */
export const ADDED_COLUMNS: readonly { readonly name: string; readonly definition: string }[] = [
  { name: 'identity', definition: "String DEFAULT coalesce(user_id, anonymous_id, '')" },
  { name: 'product_id', definition: `Nullable(String) DEFAULT ${productIdOfProperties()}` },
];

// Ordered for the queries to come (per company, by day, by event name), as PostHog's events are.
// No DateTime64 before 20.1: whole seconds in `timestamp` (UTC whatever the server's zone) and
// the milliseconds beside them. `event` is '' for events without a name, since a sorting key
// column cannot be Nullable on current servers. `batch` tags the rows of one journalled batch,
// so a drain that follows a failed one can tell which of them arrived. The added columns last,
// where ALTER puts them in tables made before them.
export const CREATE_EVENTS_TABLE = `create table if not exists ${EVENTS_TABLE} (
  company_id String,
  timestamp DateTime('UTC'),
  timestamp_ms UInt16,
  event String,
  type Enum8('track' = 1, 'identify' = 2, 'page' = 3),
  message_id String,
  name Nullable(String),
  user_id Nullable(String),
  anonymous_id Nullable(String),
  properties String,
  traits String,
  received_at DateTime('UTC'),
  received_ms UInt16,
  batch String,
  ${ADDED_COLUMNS.map((column) => `${column.name} ${column.definition}`).join(',\n  ')}
) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (company_id, toDate(timestamp), event, timestamp)`;

/** The columns of a line, in its order: lines made before the added columns stop at `batch`. */
const LINE_COLUMNS = [
  'company_id', 'timestamp', 'timestamp_ms', 'event', 'type', 'message_id', 'name', 'user_id', 'anonymous_id', 'properties', 'traits',
  'received_at', 'received_ms', 'batch', ...ADDED_COLUMNS.map((column) => column.name),
] as const;
const MESSAGE_ID = LINE_COLUMNS.indexOf('message_id');
const BATCH = LINE_COLUMNS.indexOf('batch');
/** The columns of lines journalled before the added columns: ClickHouse fills those from their DEFAULT. */
const FIRST_LINE_COLUMNS = LINE_COLUMNS.slice(0, BATCH + 1);

const insertOf = (columns: readonly string[]): string => `insert into ${EVENTS_TABLE} (${columns.join(', ')}) format TabSeparated`;

/** Inserts the lines sent as its body, as `eventLines` makes them. */
export const INSERT_LINES = insertOf(LINE_COLUMNS);
const INSERT_FIRST_LINES = insertOf(FIRST_LINE_COLUMNS);

/**
 * The INSERT that takes `encoded`'s lines (one encoder's, so all alike): told by their number
 * of fields, as lines journalled before the added columns may still wait when this version starts.
 */
export function insertOfLines(encoded: string): string {
  const fields = firstLine(encoded).split('\t').length;
  if (fields === LINE_COLUMNS.length) return INSERT_LINES;
  if (fields === FIRST_LINE_COLUMNS.length) return INSERT_FIRST_LINES;
  throw new Error(`a journalled line has ${fields} fields, neither ${LINE_COLUMNS.length} nor ${FIRST_LINE_COLUMNS.length}`);
}

/**
 * One line per event, each ended by `\n`, every value escaped (`tabSeparated`), so no value
 * ends a field or a line. The batch's own values are escaped once, not per event.
 */
export function eventLines(batch: string, companyId: string, receivedAt: Date, events: readonly AnalyticsEvent[]): string {
  const company = tabSeparated(companyId);
  const tail = `\t${dateTimeText(receivedAt)}\t${receivedAt.getUTCMilliseconds()}\t${tabSeparated(batch)}`;
  let lines = '';
  for (const e of events) {
    lines +=
      `${company}\t${dateTimeText(e.timestamp)}\t${e.timestamp.getUTCMilliseconds()}\t${tabSeparated(e.event ?? '')}\t${e.type}` +
      `\t${tabSeparated(e.messageId)}\t${nullable(e.name)}\t${nullable(e.userId)}\t${nullable(e.anonymousId)}` +
      `\t${tabSeparated(JSON.stringify(e.properties))}\t${tabSeparated(JSON.stringify(e.traits))}${tail}` +
      `\t${tabSeparated(e.userId ?? e.anonymousId ?? '')}\t${nullable(productIdOf(e.properties))}\n`;
  }
  return lines;
}

/** Each batch's lines tagged with a random id: ids are made before any journal row exists, and never repeat. */
export const clickHouseJournalEncoding: JournalEncoding = {
  encode: (companyId, receivedAt, events) => eventLines(randomUUID(), companyId, receivedAt, events),
};

/** The batch id its lines carry (one batch per text); a UUID, so the same escaped or not. */
export function batchOf(encoded: string): string {
  const batch = firstLine(encoded).split('\t')[BATCH] ?? '';
  // Spliced into SQL by the caller: a text that is not this module's fails here instead.
  if (!/^[0-9a-f-]{36}$/.test(batch)) throw new Error('a journalled batch has no batch id');
  return batch;
}

const firstLine = (encoded: string): string => {
  const end = encoded.indexOf('\n');
  return end === -1 ? encoded : encoded.slice(0, end);
};

/** Names a stored row by its batch and messageId, as its line names it (the values escaped). */
export const deliveryKey = (batch: string, messageId: string): string => `${tabSeparated(batch)}\t${tabSeparated(messageId)}`;

/** The lines of `encoded` whose row is not in `delivered` (`deliveryKey`s), ended by `\n` as they were. */
export function undelivered(encoded: string, delivered: ReadonlySet<string>): string {
  return encoded
    .split('\n')
    .filter((line) => line !== '' && !delivered.has(lineKey(line)))
    .map((line) => `${line}\n`)
    .join('');
}

const lineKey = (line: string): string => {
  const fields = line.split('\t');
  return `${fields[BATCH]}\t${fields[MESSAGE_ID]}`;
};

/** How many lines `encoded` holds. */
export function lineCount(encoded: string): number {
  let count = 0;
  for (let at = encoded.indexOf('\n'); at !== -1; at = encoded.indexOf('\n', at + 1)) count += 1;
  return count;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A String value of a TabSeparated field: backslash, tab and line feed escaped as ClickHouse
 * reads them, and carriage return too, which old servers refuse raw at a line's end. Most
 * values have none of them, and are returned as they are.
 */
const tabSeparated = (value: string): string => (SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : value);

/** `\N` is TabSeparated's NULL; a value `\N` is escaped to `\\N`. */
const nullable = (value: string | null): string => (value === null ? '\\N' : tabSeparated(value));

/** `YYYY-MM-DD hh:mm:ss` in UTC: read alike by the basic and the best-effort parsers, in the column's zone. */
const dateTimeText = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

/** `properties.product_id` when it is a string: the `product_id` column's value. */
const productIdOf = (properties: Readonly<Record<string, unknown>>): string | null => {
  const id = properties[PRODUCT_KEY];
  return typeof id === 'string' ? id : null;
};

/**
 * `productIdOf` in SQL, from the properties' JSON as ingestion wrote it (`JSON.stringify`: no
 * spaces, canonical escapes), for the rows and lines that predate the `product_id` column.
 * visitParam* take the first `"product_id":` at any depth, and 18.16's visitParamExtractRaw
 * cannot step over escapes: so they read it directly only from JSON without backslashes that
 * starts with the key or nests nothing, where the first `"product_id":` is the top-level key.
 * Other JSON is cut into its strings (keys with their colon) and brackets, and the key is looked
 * for at depth 1; the token after it is its value. Either way the value is a string when it ends
 * with a quote: a key ends with a colon, an object or array with a bracket, other values make no
 * token. One expression (a DEFAULT has no aliases): ClickHouse computes a repeated part once.
 */
function productIdOfProperties(): string {
  const keyToken = `${JSON.stringify(PRODUCT_KEY)}:`;
  const direct = `(position(properties, '\\\\') = 0 and (startsWith(properties, ${sqlString(`{${keyToken}`)}) or (position(substring(properties, 2), '{') = 0 and position(properties, '[') = 0)))`;
  // Empty for JSON read directly, as the regular expression costs the most (`if` computes both
  // branches). One capturing group around the whole token: extractAll returns the first group.
  const tokens = `extractAll(if(${direct}, '', properties), '("(?:[^"\\\\\\\\]|\\\\\\\\.)*":?|[{}\\\\[\\\\]])')`;
  const depths = `arrayCumSum(arrayMap(t -> multiIf(t = '{' or t = '[', 1, t = '}' or t = ']', -1, 0), ${tokens}))`;
  const keyIndex = `arrayFirstIndex((t, d) -> t = ${sqlString(keyToken)} and d = 1, ${tokens}, ${depths})`;
  const value = `if(${direct}, visitParamExtractRaw(properties, ${sqlString(PRODUCT_KEY)}), if(${keyIndex} = 0, '', ${tokens}[${keyIndex} + 1]))`;
  return `if(endsWith(${value}, '"'), visitParamExtractString(concat('{"v":', ${value}, '}'), 'v'), NULL)`;
}
