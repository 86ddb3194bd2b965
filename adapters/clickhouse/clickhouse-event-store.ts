// SDK events in ClickHouse (SPEC §3.9), fed from the journal in the relational store: ClickHouse
// has no transaction with PostgreSQL and, on Debian's 18.16, no exact insert dedupe, so the
// dedupe keys and the acknowledged events stay in PostgreSQL until `drain` has them here.
// Every statement here also runs on a current ClickHouse.
import type { AnalyticsEventStore, TimeRange } from '../../application/ports/analytics-event-store';
import type { AnalyticsJournal, JournalledBatch } from '../../application/ports/analytics-journal';
import type { AnalyticsEvent, AnalyticsEventType, StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { sqlString, type ClickHouse } from './clickhouse-client';

export const EVENTS_TABLE = 'analytics_events';

// Ordered for the queries to come (per company, by day, by event name), as PostHog's events are.
// No DateTime64 before 20.1: whole seconds in `timestamp` (UTC whatever the server's zone) and
// the milliseconds beside them. `event` is '' for events without a name, since a sorting key
// column cannot be Nullable on current servers. `batch` is the journal row it came from.
const CREATE_TABLE = `create table if not exists ${EVENTS_TABLE} (
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
  batch UInt64
) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (company_id, toDate(timestamp), event, timestamp)`;

/** One row of the events table, as JSONEachRow sends it. */
export interface EventRow {
  readonly company_id: string;
  readonly timestamp: string;
  readonly timestamp_ms: number;
  readonly event: string;
  readonly type: AnalyticsEventType;
  readonly message_id: string;
  readonly name: string | null;
  readonly user_id: string | null;
  readonly anonymous_id: string | null;
  readonly properties: string;
  readonly traits: string;
  readonly received_at: string;
  readonly received_ms: number;
  readonly batch: string;
}

export function eventRow(batch: string, companyId: string, receivedAt: Date, event: AnalyticsEvent): EventRow {
  return {
    company_id: companyId,
    timestamp: dateTimeText(event.timestamp),
    timestamp_ms: event.timestamp.getUTCMilliseconds(),
    event: event.event ?? '',
    type: event.type,
    message_id: event.messageId,
    name: event.name,
    user_id: event.userId,
    anonymous_id: event.anonymousId,
    properties: JSON.stringify(event.properties),
    traits: JSON.stringify(event.traits),
    received_at: dateTimeText(receivedAt),
    received_ms: receivedAt.getUTCMilliseconds(),
    batch,
  };
}

/** `YYYY-MM-DD hh:mm:ss` in UTC: read alike by the basic and the best-effort parsers, in the column's zone. */
const dateTimeText = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

export interface ClickHouseEventStoreOptions {
  /** Journal rows (ingested batches, up to 1000 events each) claimed and inserted at once. Default 20. */
  readonly batchesPerInsert?: number;
  /**
   * How long claimed journal rows stay out of other drainers' reach. Several times the client's
   * request timeout: once it runs out, the insert that claimed them has surely ended, so the next
   * claimer's check of what arrived cannot race it. Default 60 s.
   */
  readonly leaseMs?: number;
}

const LIST_COLUMNS = `company_id, toUInt32(timestamp) as seconds, timestamp_ms, event, type, message_id, name, user_id,
  anonymous_id, properties, traits, toUInt32(received_at) as received_seconds, received_ms`;

interface ListedRow {
  company_id: string;
  seconds: number;
  timestamp_ms: number;
  event: string;
  type: AnalyticsEventType;
  message_id: string;
  name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  properties: string;
  traits: string;
  received_seconds: number;
  received_ms: number;
}

/**
 * The ClickHouse event store. `drain` moves journal rows exactly once: it leases them
 * (committed before the insert), inserts their events in one INSERT, each row tagged with its
 * journal id, then deletes them. A row claimed before (a crash or a timeout after an insert)
 * may be here already, whole or in part (an insert spanning months writes one part per month):
 * only its events ClickHouse does not have are inserted.
 */
export class ClickHouseEventStore implements AnalyticsEventStore {
  readonly kind = 'clickhouse';
  private readonly batchesPerInsert: number;
  private readonly leaseMs: number;

  private constructor(
    private readonly ch: ClickHouse,
    private readonly journal: AnalyticsJournal,
    options: ClickHouseEventStoreOptions,
  ) {
    this.batchesPerInsert = options.batchesPerInsert ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    if (this.leaseMs < 3 * ch.requestTimeoutMs) {
      throw new Error(`the journal lease (${this.leaseMs} ms) must be at least three ClickHouse request timeouts (${ch.requestTimeoutMs} ms)`);
    }
  }

  /** Creates the events table when missing. Rejects when ClickHouse does not answer. */
  static async open(ch: ClickHouse, journal: AnalyticsJournal, options: ClickHouseEventStoreOptions = {}): Promise<ClickHouseEventStore> {
    const store = new ClickHouseEventStore(ch, journal, options);
    await ch.client.command({ query: CREATE_TABLE });
    return store;
  }

  async drain(): Promise<number> {
    // Claiming while ClickHouse is away would only lease rows that then wait for their lease to run out.
    await this.ch.ping();
    let moved = 0;
    for (;;) {
      const batches = await this.journal.claim(this.batchesPerInsert, this.leaseMs);
      if (batches.length === 0) break;
      moved += await this.deliver(batches);
      await this.journal.remove(batches.map((batch) => batch.id));
      // A short claim: the journal is drained, or the rest is leased by other drainers.
      if (batches.length < this.batchesPerInsert) break;
    }
    return moved;
  }

  oldestPending(): Promise<Date | null> {
    return this.journal.oldestReceivedAt();
  }

  async count(companyId: string, range?: TimeRange): Promise<number> {
    const [row] = await this.rows<{ n: string | number }>(`select count() as n from ${EVENTS_TABLE} where ${this.within(companyId, range)}`);
    return Number(row?.n ?? 0);
  }

  async list(companyId: string, range: TimeRange, limit: number): Promise<StoredAnalyticsEvent[]> {
    if (limit <= 0) return [];
    const rows = await this.rows<ListedRow>(
      `select ${LIST_COLUMNS} from ${EVENTS_TABLE} where ${this.within(companyId, range)}
       order by timestamp, timestamp_ms, message_id limit ${Math.floor(limit)}`,
    );
    return rows.map(storedEvent);
  }

  /** ClickHouse makes a month's partition with the month's first insert. */
  async prepare(): Promise<void> {}

  async dropBefore(cutoff: Date, keysBefore: Date): Promise<string[]> {
    // Acknowledged events of those months may still be journalled: they go too. (Rows another
    // drainer holds arrive after the drop, and go at the next run.)
    await this.drain();
    const parts = await this.rows<{ partition: string }>(
      `select distinct partition from system.parts where database = ${sqlString(this.ch.database)} and table = ${sqlString(EVENTS_TABLE)} and active`,
    );
    const months = parts.map((part) => part.partition).filter((partition) => /^\d{6}$/.test(partition) && monthEnd(partition) <= cutoff.getTime()).sort();
    for (const month of months) await this.ch.client.command({ query: `alter table ${EVENTS_TABLE} drop partition ${month}` });
    await this.journal.forgetKeysBefore(keysBefore);
    return months.map((month) => `${month.slice(0, 4)}-${month.slice(4)}`);
  }

  ping(): Promise<void> {
    return this.ch.ping();
  }

  private async deliver(batches: readonly JournalledBatch[]): Promise<number> {
    const delivered = await this.alreadyDelivered(batches.filter((batch) => batch.attempts > 1));
    const rows = batches.flatMap((batch) =>
      batch.events
        .filter((event) => !delivered.has(deliveryKey(batch.id, event.messageId)))
        .map((event) => eventRow(batch.id, batch.companyId, batch.receivedAt, event)),
    );
    if (rows.length > 0) await this.ch.client.insert({ table: EVENTS_TABLE, values: rows, format: 'JSONEachRow' });
    return rows.length;
  }

  /** Which events of these batches an earlier claim inserted. */
  private async alreadyDelivered(batches: readonly JournalledBatch[]): Promise<Set<string>> {
    if (batches.length === 0) return new Set();
    const companies = [...new Set(batches.map((batch) => batch.companyId))].map(sqlString).join(', ');
    const ids = batches.map((batch) => journalId(batch.id)).join(', ');
    // Not aliased `batch`: an alias would stand for the column in the WHERE clause too.
    const rows = await this.rows<{ journal_id: string; message_id: string }>(
      `select toString(batch) as journal_id, message_id from ${EVENTS_TABLE} where company_id in (${companies}) and batch in (${ids})`,
    );
    return new Set(rows.map((row) => deliveryKey(row.journal_id, row.message_id)));
  }

  /** The company's rows, with `range` in milliseconds: whole seconds first, so the sorting key narrows the read. */
  private within(companyId: string, range?: TimeRange): string {
    const company = `company_id = ${sqlString(companyId)}`;
    if (!range) return company;
    const from = range.from.getTime();
    const to = range.to.getTime();
    return `${company} and timestamp >= toDateTime(${dateTimeSeconds(from)}) and timestamp <= toDateTime(${dateTimeSeconds(to)})
      and toUInt64(timestamp) * 1000 + timestamp_ms >= ${from} and toUInt64(timestamp) * 1000 + timestamp_ms < ${to}`;
  }

  private async rows<T>(query: string): Promise<T[]> {
    const result = await this.ch.client.query({ query, format: 'JSONEachRow' });
    return result.json<T>();
  }
}

/** Whole seconds within DateTime's range (1970 to 2106), so a far bound cannot wrap around. */
const dateTimeSeconds = (ms: number): number => Math.min(Math.max(Math.floor(ms / 1000), 0), 2 ** 32 - 1);

const deliveryKey = (batch: string, messageId: string): string => `${batch}\n${messageId}`;

/** Journal ids come from a bigserial; checked before they are spliced into SQL all the same. */
function journalId(id: string): string {
  if (!/^\d+$/.test(id)) throw new Error('a journal id is not a number');
  return id;
}

/** When the month of partition `YYYYMM` ends, in ms since the epoch (UTC). */
const monthEnd = (partition: string): number => Date.UTC(Number(partition.slice(0, 4)), Number(partition.slice(4)), 1);

function storedEvent(row: ListedRow): StoredAnalyticsEvent {
  return {
    companyId: row.company_id,
    messageId: row.message_id,
    type: row.type,
    event: row.event === '' ? null : row.event,
    name: row.name,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
    traits: JSON.parse(row.traits) as Record<string, unknown>,
    timestamp: new Date(Number(row.seconds) * 1000 + Number(row.timestamp_ms)),
    receivedAt: new Date(Number(row.received_seconds) * 1000 + Number(row.received_ms)),
  };
}
