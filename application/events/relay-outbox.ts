import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { OutboxStore } from '../ports/outbox';

export interface RelayOutboxOutput {
  readonly published: number;
}

/**
 * Publishes committed outbox rows in commit order and marks them sent only after the
 * publisher took them. A failed batch stays pending and is retried on the next run.
 */
export class RelayOutbox {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly batchSize = 500,
  ) {}

  async execute(): Promise<RelayOutboxOutput> {
    let published = 0;
    for (;;) {
      const batch = await this.outbox.pending(this.batchSize);
      if (batch.length === 0) return { published };
      const events = batch.map((record) => record.event);
      try {
        await this.publisher.publish(events);
      } catch (error) {
        const first = events[0];
        if (first) await this.outbox.markFailed(first.id);
        throw error;
      }
      await this.outbox.markPublished(events.map((e) => e.id), this.clock.now());
      published += events.length;
      if (batch.length < this.batchSize) return { published };
    }
  }
}
