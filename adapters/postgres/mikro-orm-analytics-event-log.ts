// Ingestion into PostgreSQL or PGlite when they are the event store: the dedupe keys and the
// events of a batch in one statement of the caller's transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsEventLog, AppendOutcome } from '../../application/ports/analytics-event-store';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';

// The batch travels as one JSON text, read back as rows in the events' own field names. Keys are
// claimed in the order given (every writer sorts by messageId, so overlapping batches never
// deadlock); only the events whose key was new are stored. One round trip per batch.
const APPEND = `with batch as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (
      "messageId" text, type text, event text, name text, "userId" text, "anonymousId" text,
      properties jsonb, traits jsonb, "timestamp" timestamptz))
    with ordinality as given(message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", position)
  ),
  claimed as (
    insert into analytics_event_keys (company_id, message_id, received_at)
    select ?, message_id, ? from batch order by position
    on conflict do nothing
    returning message_id
  )
  insert into analytics_events (company_id, message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", received_at)
  select ?, message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", ?
  from batch join claimed using (message_id)`;

/**
 * Writes in the caller's transaction (the `em` passed in is bound to it), like MikroOrmOutbox.
 * An event of a month without a partition fails the statement: `prepare` makes them ahead.
 */
export class MikroOrmAnalyticsEventLog implements AnalyticsEventLog {
  constructor(private readonly em: EntityManager) {}

  async append(companyId: string, events: readonly AnalyticsEvent[], receivedAt: Date): Promise<AppendOutcome> {
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    const { affectedRows } = await this.em.execute<{ affectedRows: number }>(
      APPEND,
      [JSON.stringify(events.map(recordOf)), companyId, receivedAt, companyId, receivedAt],
      'run',
    );
    return { accepted: affectedRows, duplicates: events.length - affectedRows };
  }
}

/** Only the fields stored: whatever else an event object carries stays out of the statement. */
const recordOf = (event: AnalyticsEvent) => ({
  messageId: event.messageId,
  type: event.type,
  event: event.event,
  name: event.name,
  userId: event.userId,
  anonymousId: event.anonymousId,
  properties: event.properties,
  traits: event.traits,
  timestamp: event.timestamp,
});
