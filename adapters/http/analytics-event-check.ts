// One SDK event of a batch, checked on its own (SPEC §3.9): its depth, its size as JSON, its
// text and its shape. Events arrive a thousand a batch, and the schema's parse (copies, issue
// lists, refinements, then a text scan and a size walk of their own) was the API's largest cost
// per event in bench/ingest. So the common event is checked by hand in one walk, and anything
// that walk is not sure of (a flaw, an unknown key, a size near the limit) goes to the full
// check, which also says what is wrong. tests/unit/http/analytics-event-check.test.ts holds the
// two to the same answer.
import {
  EVENT_MAX_BYTES, MESSAGE_ID_MAX_LENGTH, rejection, type AnalyticsEvent, type AnalyticsEventType, type EventRejection,
} from '../../domain/analytics/analytics-event';
import { jsonBounds } from './json-bounds';
import { IngestEventIn, IsoTimestamp, NAME_MAX, analyticsEventOf } from './schemas/analytics-schemas';
import { parseWith } from './validation';

/** Deeper events are refused: stores and readers serialise them recursively. */
export const EVENT_MAX_DEPTH = 32;

export type EventCheck = { readonly event: AnalyticsEvent } | { readonly rejected: EventRejection };

/** The event at `index` of a batch, or why it is refused. */
export const checkEvent = (item: unknown, index: number): EventCheck => {
  const event = eventAsIs(item);
  return event ? { event } : checkEventFully(item, index);
};

/** The full check: bounds, then the schema (with its text scan), naming what is wrong. */
export function checkEventFully(item: unknown, index: number): EventCheck {
  const bounds = jsonBounds(item);
  if (bounds.depth > EVENT_MAX_DEPTH) {
    return { rejected: rejection(index, 'invalid_event', `The event nests objects and arrays deeper than ${EVENT_MAX_DEPTH} levels`) };
  }
  // The exact size only when the cheap bound says it may be over.
  if (bounds.bytesAtMost > EVENT_MAX_BYTES && Buffer.byteLength(JSON.stringify(item)) > EVENT_MAX_BYTES) {
    return { rejected: rejection(index, 'event_too_large', `The event is over ${EVENT_MAX_BYTES / 1024} KiB as JSON`) };
  }
  const parsed = parseWith(IngestEventIn, item, '');
  if (parsed.ok) return { event: analyticsEventOf(parsed.value) };
  return { rejected: rejection(index, 'invalid_event', describe(parsed.error.details ?? [], parsed.error.message)) };
}

const describe = (details: readonly { path: string; message: string }[], fallback: string): string =>
  details.length === 0 ? fallback : details.map((d) => `${d.path || 'event'}: ${d.message}`).join('; ');

// The bytes bound is jsonBounds' (a UTF-16 unit is at most 6 bytes of JSON, as `\u001f`), so an
// event passed here is under the limit by the same measure the full check starts with.
const MAX_UNIT_BYTES = 6;
const MAX_NUMBER_BYTES = 24;
/** Not sure: the full check decides. */
const UNSURE = -1;
const TYPES: ReadonlySet<string> = new Set<AnalyticsEventType>(['track', 'identify', 'page']);
/** The schema's own pattern; were it ever missing, every event would take the full check. */
const TIMESTAMP: RegExp = IsoTimestamp.def.pattern ?? /(?!)/;

const cleanText = (text: string) => !text.includes('\u0000') && text.isWellFormed();
const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= max && cleanText(value);

/**
 * The event when `item` is a valid event the schema would give back unchanged in content, or
 * undefined when the full check must decide (it may still accept it).
 */
export function eventAsIs(item: unknown): AnalyticsEvent | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const fields = item as Record<string, unknown>;
  let bytes = 2;
  for (const key of Object.keys(fields)) {
    const size = key === 'properties' || key === 'traits' ? bagBytes(fields[key]) : fieldBytes(key, fields[key]);
    if (size === UNSURE) return undefined;
    bytes += key.length + 4 + size;
  }
  if (bytes > EVENT_MAX_BYTES) return undefined;
  const { messageId, type, event, userId, anonymousId, timestamp } = fields;
  if (typeof messageId !== 'string' || typeof type !== 'string' || typeof timestamp !== 'string') return undefined;
  if (userId === undefined && anonymousId === undefined) return undefined;
  if ((type === 'track' && event === undefined) || (type === 'identify' && userId === undefined)) return undefined;
  return {
    messageId,
    type: type as AnalyticsEventType,
    event: type === 'track' ? (event as string) : null,
    name: (fields.name as string | undefined) ?? null,
    userId: (userId as string | undefined) ?? null,
    anonymousId: (anonymousId as string | undefined) ?? null,
    properties: (fields.properties as Record<string, unknown> | undefined) ?? {},
    traits: (fields.traits as Record<string, unknown> | undefined) ?? {},
    timestamp: new Date(timestamp),
  };
}

/** A top-level field's JSON size bound when its value is valid for it, else UNSURE (unknown keys too). */
function fieldBytes(key: string, value: unknown): number {
  switch (key) {
    case 'messageId':
      return isText(value, MESSAGE_ID_MAX_LENGTH) ? value.length * MAX_UNIT_BYTES + 2 : UNSURE;
    case 'type':
      return typeof value === 'string' && TYPES.has(value) ? value.length + 2 : UNSURE;
    case 'event':
    case 'name':
    case 'userId':
    case 'anonymousId':
      return isText(value, NAME_MAX) ? value.length * MAX_UNIT_BYTES + 2 : UNSURE;
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value) ? value.length + 2 : UNSURE;
    default:
      return UNSURE;
  }
}

/**
 * `properties` or `traits`: a plain object whose keys and text are clean and whose nesting
 * stays within the depth. `__proto__` as a key is left to the schema, which drops it.
 */
function bagBytes(bag: unknown): number {
  if (typeof bag !== 'object' || bag === null || Array.isArray(bag) || Object.hasOwn(bag, '__proto__')) return UNSURE;
  return jsonBytes(bag, 1);
}

/** `value`'s JSON size bound, at `level` below the event (the event itself is 0), or UNSURE. */
function jsonBytes(value: unknown, level: number): number {
  if (typeof value === 'string') return cleanText(value) ? value.length * MAX_UNIT_BYTES + 2 : UNSURE;
  if (typeof value === 'number') return MAX_NUMBER_BYTES;
  if (typeof value !== 'object' || value === null) return 5;
  if (level + 1 > EVENT_MAX_DEPTH) return UNSURE;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const element of value) {
      const size = jsonBytes(element, level + 1);
      if (size === UNSURE) return UNSURE;
      bytes += size + 1;
    }
    return bytes;
  }
  // for…in, not Object.entries: no pair arrays made per key. JSON.parse makes only own keys;
  // an inherited one (a polluted prototype) would only make the bound larger.
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const size = cleanText(key) ? jsonBytes(object[key], level + 1) : UNSURE;
    if (size === UNSURE) return UNSURE;
    bytes += key.length * MAX_UNIT_BYTES + 4 + size;
  }
  return bytes;
}
