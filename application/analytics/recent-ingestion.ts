import type { Clock } from '../ports/clock';
import type { IngestionObserver } from './ingest-events';

export interface IngestionCounts {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

const WINDOW_SECONDS = 60;

interface Slot {
  second: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * This process's ingestion over the last minute, for `/admin/system`: one slot per second in
 * a ring, so recording and reading cost the same however busy ingestion is.
 */
export class RecentIngestion implements IngestionObserver {
  private readonly slots: Slot[] = Array.from({ length: WINDOW_SECONDS }, () => ({ second: -1, accepted: 0, duplicates: 0, rejected: 0 }));

  constructor(private readonly clock: Clock) {}

  ingested(_companyId: string, outcome: IngestionCounts): void {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    const slot = this.slots[second % WINDOW_SECONDS] as Slot;
    if (slot.second !== second) Object.assign(slot, { second, accepted: 0, duplicates: 0, rejected: 0 });
    slot.accepted += outcome.accepted;
    slot.duplicates += outcome.duplicates;
    slot.rejected += outcome.rejected;
  }

  /** The counts of the 60 seconds up to now. */
  lastMinute(): IngestionCounts {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const totals = { accepted: 0, duplicates: 0, rejected: 0 };
    for (const slot of this.slots) {
      if (slot.second <= now - WINDOW_SECONDS || slot.second > now) continue;
      totals.accepted += slot.accepted;
      totals.duplicates += slot.duplicates;
      totals.rejected += slot.rejected;
    }
    return totals;
  }
}

/** Tells each of several observers. */
export const everyObserver = (...observers: readonly IngestionObserver[]): IngestionObserver => ({
  ingested(companyId, outcome) {
    for (const observer of observers) observer.ingested(companyId, outcome);
  },
});
