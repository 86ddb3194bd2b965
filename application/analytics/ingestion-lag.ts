import type { AnalyticsEventStore } from '../ports/analytics-event-store';

/** Seconds since the oldest acknowledged event not yet queryable was received (ms precision); 0 when none. */
export async function ingestionLagSeconds(store: Pick<AnalyticsEventStore, 'oldestPending'>, now: Date): Promise<number> {
  const oldest = await store.oldestPending();
  return oldest ? Math.max(0, Math.round(now.getTime() - oldest.getTime()) / 1000) : 0;
}
