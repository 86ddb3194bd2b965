import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { OutboxRecord, OutboxStore } from '../ports/outbox';

export interface RelayOutboxOptions {
  /** Events leased and published per round trip. */
  readonly batchSize?: number;
  /**
   * How long a claimed batch stays out of other relays' reach. Longer than a publish ever
   * takes: a lease that runs out mid-publish lets another relay publish the batch again.
   */
  readonly leaseMs?: number;
  /** Told of each batch the broker confirmed (a Prometheus counter). */
  readonly onPublished?: (count: number) => void;
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
  private readonly onPublished: (count: number) => void;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    options: RelayOutboxOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.onPublished = options.onPublished ?? (() => undefined);
  }

  /**
   * Publishes until the backlog is drained, or until `signal` aborts (checked between
   * batches). Pipelined: the next batch is leased while this one is at the broker, and this
   * one is marked while the next is published, so the database and the broker work at once.
   * Batches still reach the publisher one at a time, in write order.
   */
  async execute(signal?: AbortSignal): Promise<RelayOutboxOutput> {
    let published = 0;
    let marking: Promise<void> = Promise.resolve();
    let leased: Promise<readonly OutboxRecord[]> | null = this.claim();
    try {
      while (leased) {
        const batch = await leased;
        leased = null;
        if (batch.length === 0) break;
        // A short batch means the backlog is drained, or the rest is leased by other relays.
        if (batch.length === this.batchSize && !signal?.aborted) leased = this.claim();
        const events = batch.map((record) => record.event);
        await this.publish(events);
        await marking;
        marking = this.markPublished(events);
        published += events.length;
      }
    } finally {
      // A batch leased ahead but never published (a failure, or a stop) is given back at once.
      const unsent = leased ? await leased.catch(() => []) : [];
      if (unsent.length > 0) await this.outbox.release(unsent.map((record) => record.event.id), false).catch(() => undefined);
      await marking;
    }
    return { published };
  }

  private claim(): Promise<readonly OutboxRecord[]> {
    return this.outbox.claim(this.batchSize, this.leaseMs);
  }

  private async markPublished(events: readonly DomainEvent[]): Promise<void> {
    await this.outbox.markPublished(events.map((event) => event.id), this.clock.now());
    this.onPublished(events.length);
  }

  private async publish(events: readonly DomainEvent[]): Promise<void> {
    const ids = events.map((event) => event.id);
    try {
      await this.publisher.publish(events);
    } catch (error) {
      // The publish failure is the one worth reporting; should the release fail too, the
      // lease simply runs out and the batch is retried then.
      await this.outbox.release(ids, true).catch(() => undefined);
      throw error;
    }
  }
}
