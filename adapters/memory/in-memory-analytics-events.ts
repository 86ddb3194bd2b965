// SDK events in a MemoryStore: the in-memory twin of the PostgreSQL event store. Events and
// dedupe keys live in untracked tables, so a transaction's snapshot never copies them; a
// transaction's keys wait in a tracked table (rolled back with it) and everything lands at commit.
import type { AnalyticsEventLog, AnalyticsEventStore, AppendOutcome, TimeRange } from '../../application/ports/analytics-event-store';
import type { AnalyticsEvent, StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import type { MemoryStore } from './memory-store';
import { byCodePoint } from '../../domain/shared/code-point-order';

/** A UTC month, as `YYYY-MM`: the partition an event is kept in. */
const monthKey = (at: Date): string => at.toISOString().slice(0, 7);
const monthEnd = (key: string): Date => new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)), 1));

/** A company's events of one month. */
type MonthOfEvents = Map<string, StoredAnalyticsEvent[]>;

const byTimeThenMessageId = (a: StoredAnalyticsEvent, b: StoredAnalyticsEvent): number =>
  a.timestamp.getTime() - b.timestamp.getTime() || byCodePoint(a.messageId, b.messageId);

const inRange = (event: StoredAnalyticsEvent, range: TimeRange): boolean => event.timestamp >= range.from && event.timestamp < range.to;

/**
 * Memory transactions run one at a time, so the committed keys read during a transaction are
 * exactly those a database would make it wait for.
 */
export class InMemoryAnalyticsEvents implements AnalyticsEventLog, AnalyticsEventStore {
  readonly kind = 'memory';

  constructor(private readonly store: MemoryStore) {}

  /** Company → messageId → when it was received. */
  private get keys() {
    return this.store.untracked<Map<string, Date>>('analytics_event_keys');
  }

  /** Month → company → events. */
  private get months() {
    return this.store.untracked<MonthOfEvents>('analytics_events');
  }

  /** The keys appended in the running transaction, as `[companyId, messageId]` JSON. */
  private get uncommitted() {
    return this.store.table<true>('analytics_uncommitted_keys');
  }

  async append(companyId: string, events: readonly AnalyticsEvent[], receivedAt: Date): Promise<AppendOutcome> {
    const committed = this.keys.get(companyId);
    const fresh = events.filter((event) => {
      const key = JSON.stringify([companyId, event.messageId]);
      if (committed?.has(event.messageId) || this.uncommitted.has(key)) return false;
      this.uncommitted.set(key, true);
      return true;
    });
    const stored = fresh.map((event): StoredAnalyticsEvent => structuredClone({ ...event, companyId, receivedAt }));
    this.store.afterCommit(() => this.land(companyId, stored));
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  private land(companyId: string, events: readonly StoredAnalyticsEvent[]): void {
    let keys = this.keys.get(companyId);
    if (!keys) this.keys.set(companyId, (keys = new Map()));
    for (const event of events) {
      keys.set(event.messageId, event.receivedAt);
      this.uncommitted.delete(JSON.stringify([companyId, event.messageId]));
      const month = monthKey(event.timestamp);
      let ofMonth = this.months.get(month);
      if (!ofMonth) this.months.set(month, (ofMonth = new Map()));
      const ofCompany = ofMonth.get(companyId);
      if (ofCompany) ofCompany.push(event);
      else ofMonth.set(companyId, [event]);
    }
  }

  async drain(): Promise<number> {
    return 0;
  }

  async oldestPending(): Promise<Date | null> {
    return null;
  }

  async count(companyId: string, range?: TimeRange): Promise<number> {
    const events = this.eventsOf(companyId);
    return range ? events.filter((event) => inRange(event, range)).length : events.length;
  }

  async list(companyId: string, range: TimeRange, limit: number): Promise<StoredAnalyticsEvent[]> {
    return this.eventsOf(companyId)
      .filter((event) => inRange(event, range))
      .sort(byTimeThenMessageId)
      .slice(0, limit);
  }

  async prepare(): Promise<void> {}

  async dropBefore(cutoff: Date, keysBefore: Date): Promise<string[]> {
    const dropped = [...this.months.keys()].filter((month) => monthEnd(month) <= cutoff).sort();
    for (const month of dropped) this.months.delete(month);
    for (const keys of this.keys.values()) {
      for (const [messageId, receivedAt] of keys) if (receivedAt < keysBefore) keys.delete(messageId);
    }
    return dropped;
  }

  async ping(): Promise<void> {}

  private eventsOf(companyId: string): StoredAnalyticsEvent[] {
    return [...this.months.values()].flatMap((ofMonth) => ofMonth.get(companyId) ?? []);
  }
}
