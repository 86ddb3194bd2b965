import type { IngestEvents } from '../../../application/analytics/ingest-events';
import { BATCH_MAX_BYTES, type AnalyticsEvent, type EventRejection } from '../../../domain/analytics/analytics-event';
import { checkEvent } from '../analytics-event-check';
import { answer, route, type RouteSpec } from '../route';
import { IngestBatchEnvelope, IngestBatchIn, IngestOutcomeOut } from '../schemas/analytics-schemas';

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

/** Each event checked on its own: refused with its index, or kept with it. */
function checkEvents(raw: readonly unknown[]): { events: { index: number; event: AnalyticsEvent }[]; rejected: EventRejection[] } {
  const events: { index: number; event: AnalyticsEvent }[] = [];
  const rejected: EventRejection[] = [];
  raw.forEach((item, index) => {
    const checked = checkEvent(item, index);
    if ('event' in checked) events.push({ index, event: checked.event });
    else rejected.push(checked.rejected);
  });
  return { events, rejected };
}
