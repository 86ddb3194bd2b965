import type { DomainEvent } from '../../domain/shared/domain-event';

/** The transactional side of the outbox: events written with the change they describe. */
export interface Outbox {
  /** Appends events; they become visible to the relay only when the transaction commits. */
  add(...events: DomainEvent[]): Promise<void>;
}

export interface OutboxRecord {
  readonly event: DomainEvent;
  /** Failed publication attempts so far. */
  readonly attempts: number;
}

export interface OutboxLag {
  readonly pending: number;
  /** When the oldest waiting event occurred; null when none waits. */
  readonly oldestOccurredAt: Date | null;
}

/**
 * The relay's side of the outbox, used outside business transactions. Relays lease rows
 * instead of holding a transaction open while they publish, so several relays can run at
 * once (each lease is taken with `FOR UPDATE SKIP LOCKED`) and a single-connection store
 * (PGlite) stays free for the consumers the publication may trigger.
 */
export interface OutboxStore {
  /**
   * Leases up to `limit` unpublished events that no live lease holds, in write order, for
   * `leaseMs`. Concurrent callers get disjoint batches; events of a lease that ran out (a
   * crashed relay) can be claimed again, without counting an attempt. A lease that runs out
   * while its holder still publishes lets a second relay publish the same events: the rare
   * duplicate consumers tolerate. Empty when nothing is claimable.
   */
  claim(limit: number, leaseMs: number): Promise<readonly OutboxRecord[]>;
  /** Marks events published and ends their lease; already published or unknown ids change nothing. */
  markPublished(ids: readonly string[], at: Date): Promise<void>;
  /**
   * Ends the lease of events: claimable again at once. `attempted` counts a failed
   * publication attempt; a batch leased but never sent (the relay stopped or failed before
   * it) goes back uncounted. Published or unknown ids change nothing.
   */
  release(ids: readonly string[], attempted: boolean): Promise<void>;
  /** How many events wait to be published (leased ones included), and when the oldest of them occurred. */
  lag(): Promise<OutboxLag>;
  /** Deletes up to `limit` events published before `before`; resolves with how many went. */
  prunePublished(before: Date, limit: number): Promise<number>;
}
