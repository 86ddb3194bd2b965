// Ingestion into PostgreSQL or PGlite when they are the event store: the dedupe keys, the events
// of a batch and the rollup marks of their days in one statement of the caller's transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsEventLog, AppendOutcome } from '../../application/ports/analytics-event-store';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { holdRollupLockShared } from './sql-analytics-rollups';

// The batch travels as one array per column (PostgreSQL reads arrays for less CPU than one JSON
// document; measured with bench/ingest). Keys are claimed in the order given (every writer sorts
// by messageId, so overlapping batches never deadlock); only the events whose key was new are
// stored, numbered with the batch, and each of their UTC days is marked for the rollup
// (sql-analytics-rollups.ts). One round trip per batch, after the rollup lock's.
const APPEND = `with batch as (
    select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
    with ordinality as given(message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", position)
  ),
  claimed as (
    insert into analytics_event_keys (company_id, message_id, received_at)
    select ?, message_id, ? from batch order by position
    on conflict do nothing
    returning message_id
  ),
  appended as (
    insert into analytics_events (company_id, message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", received_at, batch_seq)
    select ?, message_id, type, event, name, user_id, anonymous_id, properties::jsonb, traits::jsonb, "timestamp", ?, (select nextval('analytics_event_batches'))
    from batch join claimed using (message_id)
    returning "timestamp"
  ),
  marked as (
    insert into analytics_rollup_marks (company_id, day)
    select distinct ?, ("timestamp" at time zone 'UTC')::date from appended
    on conflict do nothing
  )
  select count(*) as accepted from appended`;

/**
 * Writes in the caller's transaction (the `em` passed in is bound to it), like MikroOrmOutbox.
 * An event of a month without a partition fails the statement: `prepare` makes them ahead.
 */
export class MikroOrmAnalyticsEventLog implements AnalyticsEventLog {
  constructor(private readonly em: EntityManager) {}

  async append(companyId: string, events: readonly AnalyticsEvent[], receivedAt: Date): Promise<AppendOutcome> {
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    await holdRollupLockShared(this.em, companyId);
    const [row] = await this.em.execute<{ accepted: string | number }[]>(
      APPEND,
      [...columnsOf(events), companyId, receivedAt, companyId, receivedAt, companyId],
    );
    const accepted = Number(row?.accepted ?? 0);
    return { accepted, duplicates: events.length - accepted };
  }
}

/** The batch as PostgreSQL array literals, one per column, in the statement's order. */
function columnsOf(events: readonly AnalyticsEvent[]): string[] {
  let messageIds = '', types = '', eventNames = '', names = '', userIds = '', anonymousIds = '', properties = '', traits = '', timestamps = '';
  for (const e of events) {
    const comma = messageIds === '' ? '' : ',';
    messageIds += comma + textElement(e.messageId);
    types += comma + textElement(e.type);
    eventNames += comma + textElement(e.event);
    names += comma + textElement(e.name);
    userIds += comma + textElement(e.userId);
    anonymousIds += comma + textElement(e.anonymousId);
    properties += comma + jsonElement(e.properties);
    traits += comma + jsonElement(e.traits);
    timestamps += comma + e.timestamp.toISOString();
  }
  return [messageIds, types, eventNames, names, userIds, anonymousIds, properties, traits, timestamps].map((elements) => `{${elements}}`);
}

/**
 * Text as an element of an array literal: quoted, its `"` and `\` escaped, so no value ends an
 * element or the array; NULL unquoted. Most ids hold neither, and skip the regular expression.
 */
const textElement = (value: string | null): string => {
  if (value === null) return 'NULL';
  return value.includes('"') || value.includes('\\') ? `"${value.replace(/[\\"]/g, '\\$&')}"` : `"${value}"`;
};

/**
 * A JSON value's text as an element of an array literal. JSON.stringify of that text quotes it
 * and escapes exactly its `"` and `\` (it holds no raw control character or lone surrogate, which
 * JSON.stringify would write as escapes the array parser reads otherwise), at a fraction of a
 * regular expression's cost: the properties are most of a batch.
 */
const jsonElement = (value: unknown): string => JSON.stringify(JSON.stringify(value));
