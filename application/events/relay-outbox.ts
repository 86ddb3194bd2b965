import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { OutboxStore } from '../ports/outbox';

export interface RelayOutboxOptions {
  /** Events leased and published per round trip. */
  readonly batchSize?: number;
  /**
   * How long a claimed batch stays out of other relays' reach. Longer than a publish ever
   * takes: a lease that runs out mid-publish lets another relay publish the batch again.
   */
  readonly leaseMs?: number;
}

export interface RelayOutboxOutput {
  readonly published: number;
}

/**
 * Publishes committed outbox events in write order (SPEC §3.7): leases a batch, hands it to
 * the publisher, and marks it published only once the publisher confirmed it. Several relays
 * may run at once, each on its own leases. A failed batch is released at once (attempt
 * counted) and retried on the next run; a crashed relay's batch waits for its lease to run out.
 */
export class RelayOutbox {
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    options: RelayOutboxOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  async execute(): Promise<RelayOutboxOutput> {
    let published = 0;
    for (;;) {
      const batch = await this.outbox.claim(this.batchSize, this.leaseMs);
      if (batch.length > 0) {
        await this.publish(batch.map((record) => record.event));
        published += batch.length;
      }
      // A short batch means the backlog is drained, or the rest is leased by other relays.
      if (batch.length < this.batchSize) return { published };
    }
  }

  private async publish(events: readonly DomainEvent[]): Promise<void> {
    const ids = events.map((event) => event.id);
    try {
      await this.publisher.publish(events);
    } catch (error) {
      // The publish failure is the one worth reporting; should the release fail too, the
      // lease simply runs out and the batch is retried then.
      await this.outbox.release(ids).catch(() => undefined);
      throw error;
    }
    await this.outbox.markPublished(ids, this.clock.now());
  }
}
