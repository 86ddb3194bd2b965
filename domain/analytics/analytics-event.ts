// An SDK event as SPEC §3.9 takes it (after Segment's tracking API): what one call of the
// client SDK's `track`, `identify` or `page` sends, once checked.
import { byCodePoint } from '../shared/code-point-order';

export type AnalyticsEventType = 'track' | 'identify' | 'page';

export interface AnalyticsEvent {
  /** Made by the client when the call is made; the company's dedupe key (1..100 characters). */
  readonly messageId: string;
  readonly type: AnalyticsEventType;
  /** The `track` event's name (`Product Viewed`); null for other types. */
  readonly event: string | null;
  /** The `page` name, when sent. */
  readonly name: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly traits: Readonly<Record<string, unknown>>;
  /** When it happened, by the client's clock. */
  readonly timestamp: Date;
}

/** An event as stored: of one company, with when the API acknowledged it. */
export interface StoredAnalyticsEvent extends AnalyticsEvent {
  readonly companyId: string;
  readonly receivedAt: Date;
}

export const MESSAGE_ID_MAX_LENGTH = 100;
/** The largest event, as its JSON text in UTF-8 (Segment's bound). */
export const EVENT_MAX_BYTES = 32 * 1024;
export const BATCH_MAX_EVENTS = 1000;
export const BATCH_MAX_BYTES = 5 * 1024 * 1024;
/** How far ahead of the server's clock a client's timestamp may be (clock skew, not the future). */
export const TIMESTAMP_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

/** Why one event of a batch was refused; the others are still stored. */
export type EventRejectionCode = 'invalid_event' | 'event_too_large' | 'timestamp_out_of_range';

export interface EventRejection {
  /** The event's position in the batch, from 0. */
  readonly index: number;
  readonly error: { readonly code: EventRejectionCode; readonly message: string };
}

export const rejection = (index: number, code: EventRejectionCode, message: string): EventRejection => ({ index, error: { code, message } });

/**
 * Why a timestamp is refused, or null: more than 24 h ahead of the server's clock, or before
 * `oldest` (the retention window's start: such an event would be dropped at once, and its
 * month has no partition).
 */
export function timestampProblem(timestamp: Date, now: Date, oldest: Date): string | null {
  if (timestamp.getTime() - now.getTime() > TIMESTAMP_MAX_AHEAD_MS) return 'timestamp is more than 24 h ahead of the server clock';
  if (timestamp.getTime() < oldest.getTime()) return `timestamp is before ${oldest.toISOString()}, the start of the retention window`;
  return null;
}

/**
 * The batch without repeated messageIds (the first of each kept), sorted by messageId: stores
 * take their dedupe keys in that order, so two batches with overlapping ids never wait on each
 * other in opposite orders (a deadlock on PostgreSQL).
 */
export function firstOfEachMessageId(events: readonly AnalyticsEvent[]): { unique: AnalyticsEvent[]; repeated: number } {
  const seen = new Map<string, AnalyticsEvent>();
  for (const event of events) if (!seen.has(event.messageId)) seen.set(event.messageId, event);
  const unique = [...seen.values()].sort((a, b) => byCodePoint(a.messageId, b.messageId));
  return { unique, repeated: events.length - unique.length };
}
