import type { Outbox, OutboxRecord, OutboxStore } from '../../application/ports/outbox';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { MemoryStore } from './memory-store';

interface OutboxRow {
  readonly seq: number;
  readonly event: DomainEvent;
  attempts: number;
  publishedAt: Date | null;
}

export class InMemoryOutbox implements Outbox, OutboxStore {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<OutboxRow>('outbox');
  }

  async add(...events: DomainEvent[]): Promise<void> {
    for (const event of events) {
      this.rows.set(event.id, { seq: this.rows.size, event, attempts: 0, publishedAt: null });
    }
  }

  async pending(limit: number): Promise<readonly OutboxRecord[]> {
    return this.unpublished()
      .slice(0, limit)
      .map((row) => ({ event: row.event, attempts: row.attempts }));
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row && !row.publishedAt) row.publishedAt = at;
    }
  }

  async markFailed(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.attempts += 1;
  }

  async lag(): Promise<{ pending: number; oldestOccurredAt: Date | null }> {
    const waiting = this.unpublished();
    const oldest = waiting[0];
    return { pending: waiting.length, oldestOccurredAt: oldest ? new Date(oldest.event.occurredAt) : null };
  }

  private unpublished(): OutboxRow[] {
    return [...this.rows.values()].filter((row) => !row.publishedAt).sort((a, b) => a.seq - b.seq);
  }
}
