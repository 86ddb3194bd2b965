// The relational side of the ClickHouse event store: ingestion journals each batch in the
// relational store's transaction, and the ClickHouse adapter moves the rows along. A port, so
// the ClickHouse adapter never imports the PostgreSQL one.
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';

/**
 * How a batch is journalled: as the text the store the journal feeds takes in, made once at
 * ingestion, so that draining forwards it without parsing or encoding it again.
 */
export interface JournalEncoding {
  /** A batch of one company's accepted events as one text; each call tags its events with a batch id of its own. */
  encode(companyId: string, receivedAt: Date, events: readonly AnalyticsEvent[]): string;
}

/** One ingested batch, as its transaction journalled it. */
export interface JournalledBatch {
  /** Ascending in journalling order. */
  readonly id: string;
  readonly companyId: string;
  /** What `JournalEncoding.encode` made of the batch's accepted events. */
  readonly encoded: string;
  /** How many times it was claimed, this claim included: above 1, an earlier claim may have delivered it. */
  readonly attempts: number;
}

export interface AnalyticsJournal {
  /**
   * Leases up to `limit` batches no one holds (never claimed, or their lease ran out), oldest
   * first, for `leaseMs` by the store's clock. Committed before it resolves, so a crash after
   * it leaves the batches to be claimed again once the lease runs out. Empty when none is free.
   */
  claim(limit: number, leaseMs: number): Promise<JournalledBatch[]>;
  /** Deletes the batches (delivered); ids already deleted are ignored. */
  remove(ids: readonly string[]): Promise<void>;
  /** When the oldest journalled batch was received; null when the journal is empty. */
  oldestReceivedAt(): Promise<Date | null>;
  /** Forgets the dedupe keys received before `before`: their messageIds are accepted again. */
  forgetKeysBefore(before: Date): Promise<void>;
}
