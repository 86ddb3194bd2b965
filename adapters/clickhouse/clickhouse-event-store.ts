// SDK events in ClickHouse (SPEC §3.9), fed from the journal in the relational store: ClickHouse
// has no transaction with PostgreSQL and, on Debian's 18.16, no exact insert dedupe, so the
// dedupe keys and the acknowledged events stay in PostgreSQL until `drain` has them here.
// Every statement here also runs on a current ClickHouse.
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { AnalyticsEventStore, TimeRange } from '../../application/ports/analytics-event-store';
import type { AnalyticsJournal, JournalledBatch } from '../../application/ports/analytics-journal';
import type { AnalyticsEventType, StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { sqlString, type ClickHouse } from './clickhouse-client';
import { ADDED_COLUMNS, batchOf, CREATE_EVENTS_TABLE, deliveryKey, EVENTS_TABLE, insertOfLines, lineCount, undelivered } from './clickhouse-event-rows';

export interface ClickHouseEventStoreOptions {
  /**
   * Journal rows (ingested batches, up to 1000 events each) claimed and inserted at once, when
   * that many wait (a backlog): fewer, bigger parts for ClickHouse to merge. Default 50.
   */
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
 * (committed before the insert), sends their lines, made at ingestion and tagged with their
 * batch, in one INSERT, then deletes them. A row claimed before (a crash or a timeout after an
 * insert) may be here already, whole or in part (an insert spanning months writes one part per
 * month): only its lines ClickHouse does not have are sent, the only time a line is parsed here.
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
    this.batchesPerInsert = options.batchesPerInsert ?? 50;
    this.leaseMs = options.leaseMs ?? 60_000;
    if (this.leaseMs < 3 * ch.requestTimeoutMs) {
      throw new Error(`the journal lease (${this.leaseMs} ms) must be at least three ClickHouse request timeouts (${ch.requestTimeoutMs} ms)`);
    }
  }

  /** Creates the events table when missing, and adds the columns it lacks. Rejects when ClickHouse does not answer. */
  static async open(ch: ClickHouse, journal: AnalyticsJournal, options: ClickHouseEventStoreOptions = {}): Promise<ClickHouseEventStore> {
    const store = new ClickHouseEventStore(ch, journal, options);
    await ch.client.command({ query: CREATE_EVENTS_TABLE });
    await store.addMissingColumns();
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

  /**
   * A table made before `ADDED_COLUMNS` gets them (18.16 has no ADD COLUMN IF NOT EXISTS): their
   * DEFAULT computes them for its rows. Another process opening at once may add one first.
   */
  private async addMissingColumns(): Promise<void> {
    const present = async (): Promise<Set<string>> => {
      const columns = await this.rows<{ name: string }>(
        `select name from system.columns where database = ${sqlString(this.ch.database)} and table = ${sqlString(EVENTS_TABLE)}`,
      );
      return new Set(columns.map((column) => column.name));
    };
    const before = await present();
    for (const column of ADDED_COLUMNS.filter((added) => !before.has(added.name))) {
      try {
        await this.ch.client.command({ query: `alter table ${EVENTS_TABLE} add column ${column.name} ${column.definition}` });
      } catch (error) {
        if (!(await present()).has(column.name)) throw error;
      }
    }
  }

  private async deliver(batches: readonly JournalledBatch[]): Promise<number> {
    const delivered = await this.alreadyDelivered(batches.filter((batch) => batch.attempts > 1));
    const texts = batches.map((batch) => (batch.attempts > 1 ? undelivered(batch.encoded, delivered) : batch.encoded)).filter((text) => text !== '');
    // Lines journalled by an older version lack the newer columns: one INSERT per column list.
    const byInsert = new Map<string, string[]>();
    for (const text of texts) {
      const query = insertOfLines(text);
      byInsert.set(query, [...(byInsert.get(query) ?? []), text]);
    }
    for (const [query, alike] of byInsert) await this.insert(query, alike);
    return texts.reduce((sum, text) => sum + lineCount(text), 0);
  }

  /** One INSERT of the texts' lines, streamed as they are: no event is parsed or encoded again. */
  private async insert(query: string, texts: readonly string[]): Promise<void> {
    const { stream } = await this.ch.client.exec({ query, values: Readable.from(texts, { objectMode: false }) });
    // The answer's body is empty; reading it to its end lets the connection go back to the pool.
    stream.resume();
    await finished(stream);
  }

  /** Which events of these batches (`deliveryKey`s) an earlier claim inserted. */
  private async alreadyDelivered(batches: readonly JournalledBatch[]): Promise<Set<string>> {
    if (batches.length === 0) return new Set();
    const companies = [...new Set(batches.map((batch) => batch.companyId))].map(sqlString).join(', ');
    const ids = batches.map((batch) => sqlString(batchOf(batch.encoded))).join(', ');
    const rows = await this.rows<{ batch: string; message_id: string }>(
      `select batch, message_id from ${EVENTS_TABLE} where company_id in (${companies}) and batch in (${ids})`,
    );
    return new Set(rows.map((row) => deliveryKey(row.batch, row.message_id)));
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
