// SDK ingestion (SPEC §3.9). The batch is checked as an envelope first (≤ 1000 events); each
// event is then checked on its own, so one bad event is refused with its index while the
// others are stored.
import { z } from 'zod';
import {
  BATCH_MAX_EVENTS, EVENT_MAX_BYTES, MESSAGE_ID_MAX_LENGTH, type AnalyticsEvent,
} from '../../../domain/analytics/analytics-event';

export const NAME_MAX = 200;
const IdentityText = z.string().min(1).max(NAME_MAX);
const Bag = z.record(z.string(), z.unknown());
export const IsoTimestamp = z.iso.datetime({ offset: true });

export const IngestEventIn = z
  .strictObject({
    messageId: z.string().min(1).max(MESSAGE_ID_MAX_LENGTH).meta({ description: 'Made by the client when the call is made; a messageId the company already sent is a duplicate, not stored again' }),
    type: z.enum(['track', 'identify', 'page']),
    event: z.string().min(1).max(NAME_MAX).optional().meta({ description: 'Required for `track`, e.g. `Product Viewed` (Segment\'s e-commerce names)' }),
    name: z.string().min(1).max(NAME_MAX).optional().meta({ description: 'The page\'s name (`page`)' }),
    userId: IdentityText.optional().meta({ description: 'Required for `identify`; one of userId and anonymousId is required' }),
    anonymousId: IdentityText.optional(),
    properties: Bag.optional(),
    traits: Bag.optional(),
    timestamp: IsoTimestamp.meta({ description: 'When it happened (ISO-8601), at most 24 h ahead of the server clock and within the retention window' }),
  })
  .refine((e) => e.userId !== undefined || e.anonymousId !== undefined, { message: 'userId or anonymousId is required', path: ['userId'] })
  .refine((e) => e.type !== 'track' || e.event !== undefined, { message: 'a track event needs `event`', path: ['event'] })
  .refine((e) => e.type !== 'identify' || e.userId !== undefined, { message: 'an identify event needs `userId`', path: ['userId'] })
  .meta({ id: 'IngestEvent', description: `One SDK event; at most ${EVENT_MAX_BYTES / 1024} KiB as JSON` });

/** What the route validates: the events stay unknown here and are checked one by one. */
export const IngestBatchEnvelope = z.strictObject({
  events: z.array(z.unknown()).min(1).max(BATCH_MAX_EVENTS),
});

/** What the route documents. */
export const IngestBatchIn = z
  .strictObject({ events: z.array(IngestEventIn).min(1).max(BATCH_MAX_EVENTS) })
  .meta({ id: 'IngestBatch', description: `At most ${BATCH_MAX_EVENTS} events and 5 MiB` });

export const IngestOutcomeOut = z
  .object({
    accepted: z.number().int().meta({ description: 'Events stored by this batch; durable once this answer is sent' }),
    duplicates: z.number().int().meta({ description: 'Events whose messageId the company had already sent (in this batch or before): not stored again' }),
    rejected: z.array(
      z.object({
        index: z.number().int().meta({ description: 'The event\'s position in the batch, from 0' }),
        error: z.object({
          code: z.enum(['invalid_event', 'event_too_large', 'timestamp_out_of_range']),
          message: z.string(),
        }),
      }),
    ),
  })
  .meta({ id: 'IngestOutcome' });

export function analyticsEventOf(input: z.output<typeof IngestEventIn>): AnalyticsEvent {
  return {
    messageId: input.messageId,
    type: input.type,
    event: input.type === 'track' ? (input.event ?? null) : null,
    name: input.name ?? null,
    userId: input.userId ?? null,
    anonymousId: input.anonymousId ?? null,
    properties: input.properties ?? {},
    traits: input.traits ?? {},
    timestamp: new Date(input.timestamp),
  };
}
