import type { IngestEvents } from '../../../application/analytics/ingest-events';
import {
  EVENT_MAX_BYTES, BATCH_MAX_BYTES, rejection, type AnalyticsEvent, type EventRejection,
} from '../../../domain/analytics/analytics-event';
import { answer, route, type RouteSpec } from '../route';
import { IngestBatchEnvelope, IngestBatchIn, IngestEventIn, IngestOutcomeOut, analyticsEventOf } from '../schemas/analytics-schemas';
import { jsonBounds } from '../json-bounds';
import { parseWith } from '../validation';

/** Deeper events are refused: stores and readers serialise them recursively. */
const EVENT_MAX_DEPTH = 32;

export interface AnalyticsUseCases {
  readonly ingestEvents: IngestEvents;
}

export function analyticsRoutes(uc: AnalyticsUseCases): RouteSpec[] {
  const tag = 'Analytics';
  return [
    route({
      method: 'post', path: '/events/batch', operationId: 'ingestEvents', tag, auth: 'apiKey',
      summary: 'Ingest a batch of SDK events (track, identify, page)',
      description:
        'Each invalid event is refused on its own, with its index; the others are stored. Deduplicated by `messageId` per company ' +
        '(within the batch and against every batch of at least the last 7 days), so a client may resend a batch it got no answer for. ' +
        '`202` is sent only once the accepted events are durable. A per-key allowance (`INGEST_MAX_EVENTS_PER_SECOND`) answers 429.',
      body: IngestBatchEnvelope, bodyContent: { 'application/json': IngestBatchIn }, bodyTextCheckedPerItem: true,
      bodyLimitBytes: BATCH_MAX_BYTES,
      errors: [429],
      responses: { 202: { description: 'Stored (durably), counted and refused, event by event', schema: IngestOutcomeOut } },
      handle: async ({ actor, body }) => {
        const checked = checkEvents(body.events);
        return answer(await uc.ingestEvents.execute({ principal: actor, total: body.events.length, ...checked }), 202);
      },
    }),
  ];
}

/** Each event checked on its own: its size as JSON, its text, its shape. */
function checkEvents(raw: readonly unknown[]): { events: { index: number; event: AnalyticsEvent }[]; rejected: EventRejection[] } {
  const events: { index: number; event: AnalyticsEvent }[] = [];
  const rejected: EventRejection[] = [];
  raw.forEach((item, index) => {
    const bounds = jsonBounds(item);
    if (bounds.depth > EVENT_MAX_DEPTH) {
      rejected.push(rejection(index, 'invalid_event', `The event nests objects and arrays deeper than ${EVENT_MAX_DEPTH} levels`));
      return;
    }
    // The exact size only when the cheap bound says it may be over.
    if (bounds.bytesAtMost > EVENT_MAX_BYTES && Buffer.byteLength(JSON.stringify(item)) > EVENT_MAX_BYTES) {
      rejected.push(rejection(index, 'event_too_large', `The event is over ${EVENT_MAX_BYTES / 1024} KiB as JSON`));
      return;
    }
    const parsed = parseWith(IngestEventIn, item, '');
    if (parsed.ok) events.push({ index, event: analyticsEventOf(parsed.value) });
    else rejected.push(rejection(index, 'invalid_event', describe(parsed.error.details ?? [], parsed.error.message)));
  });
  return { events, rejected };
}

const describe = (details: readonly { path: string; message: string }[], fallback: string): string =>
  details.length === 0 ? fallback : details.map((d) => `${d.path || 'event'}: ${d.message}`).join('; ');
