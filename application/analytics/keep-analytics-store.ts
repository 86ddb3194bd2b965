import { DAY_MS } from '../../domain/analytics/analytics-definitions';
import type { AnalyticsEventStore } from '../ports/analytics-event-store';
import type { Clock } from '../ports/clock';

export interface AnalyticsRetention {
  /** Events timestamped longer ago are dropped, whole months at a time. */
  readonly retentionDays: number;
}

/** SPEC §3.9 promises dedupe for at least this long, however short the retention. */
const DEDUPE_MIN_DAYS = 7;
/** Partitions exist this far ahead, so a month turning over between two runs finds its own. */
const PREPARED_AHEAD_DAYS = 35;

/**
 * The store's upkeep: month partitions made ahead of the events that need them, and whole
 * months past the retention dropped (ANALYTICS_RETENTION_DAYS), with the dedupe keys no
 * longer needed. Idempotent, so every replica may run it.
 */
export class KeepAnalyticsStore {
  constructor(
    private readonly store: AnalyticsEventStore,
    private readonly clock: Clock,
    private readonly options: AnalyticsRetention,
  ) {}

  /** Makes the partitions every event ingestion may accept needs: run before the first batch is served. */
  async prepare(): Promise<void> {
    const now = this.clock.now();
    await this.store.prepare(this.cutoff(now), new Date(now.getTime() + PREPARED_AHEAD_DAYS * DAY_MS));
  }

  /** Prepares, then drops what the retention no longer keeps; resolves with the months dropped (`YYYY-MM`). */
  async run(): Promise<string[]> {
    await this.prepare();
    const now = this.clock.now();
    // A day past the retention: an event timestamped up to 24 h ahead of its receipt is still
    // inside the window that long after it, and its key must still refuse a resend.
    const keysBefore = new Date(now.getTime() - Math.max(this.options.retentionDays + 1, DEDUPE_MIN_DAYS) * DAY_MS);
    return this.store.dropBefore(this.cutoff(now), keysBefore);
  }

  private cutoff(now: Date): Date {
    return new Date(now.getTime() - this.options.retentionDays * DAY_MS);
  }
}
