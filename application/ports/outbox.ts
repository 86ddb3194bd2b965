import type { DomainEvent } from '../../domain/shared/domain-event';

/** The transactional side of the outbox: events written with the change they describe. */
export interface Outbox {
  /** Appends events; they become visible to the relay only when the transaction commits. */
  add(...events: DomainEvent[]): Promise<void>;
}

export interface OutboxRecord {
  readonly event: DomainEvent;
  readonly attempts: number;
}

/** The relay's side of the outbox, used outside business transactions. */
export interface OutboxStore {
  /** Unpublished events, oldest first, at most `limit`. Empty when all are published. */
  pending(limit: number): Promise<readonly OutboxRecord[]>;
  /** Marks events published; marking an already published or unknown id changes nothing. */
  markPublished(ids: readonly string[], at: Date): Promise<void>;
  /** Counts a failed delivery attempt. */
  markFailed(id: string): Promise<void>;
  /** How many events wait, and when the oldest of them occurred (null when none wait). */
  lag(): Promise<{ pending: number; oldestOccurredAt: Date | null }>;
}
