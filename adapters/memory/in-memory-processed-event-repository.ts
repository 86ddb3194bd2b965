import type { ProcessedEventRepository } from '../../application/ports/processed-event-repository';
import type { MemoryStore } from './memory-store';

interface ProcessedEvent {
  readonly consumer: string;
  readonly eventId: string;
  readonly processedAt: Date;
}

/** A MemoryStore table, so a rolled-back memory transaction forgets its claims too. */
export class InMemoryProcessedEventRepository implements ProcessedEventRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<ProcessedEvent>('processed_events');
  }

  async claim(consumer: string, eventId: string, at: Date): Promise<boolean> {
    // JSON keeps the pair unambiguous whatever characters the names contain.
    const key = JSON.stringify([consumer, eventId]);
    if (this.rows.has(key)) return false;
    this.rows.set(key, { consumer, eventId, processedAt: new Date(at) });
    return true;
  }
}
