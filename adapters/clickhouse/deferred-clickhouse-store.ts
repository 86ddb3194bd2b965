// The process starts, and ingestion acknowledges, while ClickHouse is away: the journal holds the
// events. So the connection, database and table are made on first use, and again after a failure,
// instead of at start.
import type { AnalyticsEventStore, TimeRange } from '../../application/ports/analytics-event-store';
import type { AnalyticsJournal } from '../../application/ports/analytics-journal';
import type { StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { openClickHouse, type ClickHouse, type ClickHouseOptions } from './clickhouse-client';
import { ClickHouseEventStore, type ClickHouseEventStoreOptions } from './clickhouse-event-store';

interface Opened {
  readonly ch: ClickHouse;
  readonly store: ClickHouseEventStore;
}

export class DeferredClickHouseStore implements AnalyticsEventStore {
  readonly kind = 'clickhouse';
  private opening: Promise<Opened> | null = null;

  constructor(
    private readonly connection: ClickHouseOptions,
    private readonly journal: AnalyticsJournal,
    private readonly options: ClickHouseEventStoreOptions = {},
  ) {}

  drain(): Promise<number> {
    return this.opened().then(({ store }) => store.drain());
  }

  /** From the journal alone: the lag is known while ClickHouse is away, when it matters most. */
  oldestPending(): Promise<Date | null> {
    return this.journal.oldestReceivedAt();
  }

  count(companyId: string, range?: TimeRange): Promise<number> {
    return this.opened().then(({ store }) => store.count(companyId, range));
  }

  list(companyId: string, range: TimeRange, limit: number): Promise<StoredAnalyticsEvent[]> {
    return this.opened().then(({ store }) => store.list(companyId, range, limit));
  }

  async prepare(): Promise<void> {}

  dropBefore(cutoff: Date, keysBefore: Date): Promise<string[]> {
    return this.opened().then(({ store }) => store.dropBefore(cutoff, keysBefore));
  }

  ping(): Promise<void> {
    return this.opened().then(({ ch }) => ch.ping());
  }

  /** The connection, opened (database and table made) on first use; for the analytics queries of the same events. */
  client(): Promise<ClickHouse> {
    return this.opened().then(({ ch }) => ch);
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const opened = await opening?.catch(() => null);
    await opened?.ch.close();
  }

  private opened(): Promise<Opened> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  private async open(): Promise<Opened> {
    const ch = await openClickHouse(this.connection);
    try {
      return { ch, store: await ClickHouseEventStore.open(ch, this.journal, this.options) };
    } catch (error) {
      await ch.close();
      throw error;
    }
  }
}
