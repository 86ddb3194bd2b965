import type { AnalyticsEvent, StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';

export interface AppendOutcome {
  /** Events stored by this call. */
  readonly accepted: number;
  /** Events whose messageId the company already had (from an earlier or a concurrent call): not stored again. */
  readonly duplicates: number;
}

/**
 * Where ingestion writes, inside the caller's transaction (`Transaction.analyticsEvents`): the
 * events are durable when that transaction commits, so 202 is sent only after it.
 */
export interface AnalyticsEventLog {
  /**
   * Stores, for `companyId`, each event whose messageId the company has not had yet, within
   * the dedupe window (at least 7 days). `events` hold distinct messageIds, sorted by
   * messageId (`firstOfEachMessageId`): stores take their dedupe keys in that order. A call
   * racing another with overlapping ids stores each id once, in whichever commits first.
   */
  append(companyId: string, events: readonly AnalyticsEvent[], receivedAt: Date): Promise<AppendOutcome>;
}

/** `from` inclusive, `to` exclusive, on the events' timestamps. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** Which store events are queried from (`/admin/system`). */
export type AnalyticsStoreKind = 'memory' | 'postgresql' | 'pglite' | 'clickhouse';

/**
 * Where events are queried from, and its upkeep. Stores written in the transaction
 * (memory, PostgreSQL, PGlite) make events queryable at commit; ClickHouse is fed from a
 * durable journal in the relational store, which `drain` moves along.
 */
export interface AnalyticsEventStore {
  readonly kind: AnalyticsStoreKind;
  /**
   * Moves acknowledged events not yet queryable to where they are queried, oldest first,
   * each exactly once; resolves with how many it moved (0 where append writes there
   * directly). Rejects when the store is unreachable: the events stay journalled.
   */
  drain(): Promise<number>;
  /** When the oldest acknowledged event not yet queryable was received; null when all are queryable. */
  oldestPending(): Promise<Date | null>;
  /** How many queryable events the company has, optionally only those timestamped in `range`. */
  count(companyId: string, range?: TimeRange): Promise<number>;
  /** The company's queryable events timestamped in `range`, oldest first (ties by messageId), at most `limit`. */
  list(companyId: string, range: TimeRange, limit: number): Promise<StoredAnalyticsEvent[]>;
  /**
   * Makes ahead of time the month partitions (UTC) of every month from `from`'s through `to`'s,
   * so any event ingestion accepts (inside the retention window, at most 24 h ahead) has one;
   * idempotent, safe to run from several processes at once. A no-op where there are none.
   */
  prepare(from: Date, to: Date): Promise<void>;
  /**
   * Drops every whole month of events that ends at or before `cutoff` (detaching and dropping
   * partitions, never deleting row by row), and forgets dedupe keys received before
   * `keysBefore`. Resolves with the months dropped, as `YYYY-MM`.
   */
  dropBefore(cutoff: Date, keysBefore: Date): Promise<string[]>;
  /** Resolves when the store answers; throws otherwise. */
  ping(): Promise<void>;
}
