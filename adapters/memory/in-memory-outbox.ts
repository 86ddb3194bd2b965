// The outbox in a MemoryStore table. Events added in a transaction become visible at its
// commit; the relay's leases and publications are kept in an untracked table, so a
// transaction rolled back meanwhile cannot undo them.
import type { Clock } from '../../application/ports/clock';
import type { Outbox, OutboxLag, OutboxRecord, OutboxStore } from '../../application/ports/outbox';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { MemoryStore } from './memory-store';

interface OutboxRow {
  readonly seq: number;
  readonly event: DomainEvent;
}

interface RelayState {
  attempts: number;
  /** Epoch milliseconds; the lease is live while this is still ahead of `now()`. */
  claimedUntil: number | null;
  publishedAt: Date | null;
}

const realTime: Clock = { now: () => new Date() };

/**
 * The relay methods never take `MemoryStore.transaction`: publishing may start a consumer's
 * transaction, and memory transactions run one at a time. Leases run on `clock` (real time when
 * absent), so tests let a lease run out by advancing it.
 */
export class InMemoryOutbox implements Outbox, OutboxStore {
  constructor(
    private readonly store: MemoryStore,
    private readonly clock: Clock = realTime,
  ) {}

  private get rows() {
    return this.store.table<OutboxRow>('outbox');
  }

  private stateOf(id: string): RelayState {
    const states = this.store.untracked<RelayState>('outbox_relay');
    let state = states.get(id);
    if (!state) {
      state = { attempts: 0, claimedUntil: null, publishedAt: null };
      states.set(id, state);
    }
    return state;
  }

  async add(...events: DomainEvent[]): Promise<void> {
    this.store.afterCommit(() => {
      for (const event of events) this.rows.set(event.id, { seq: this.nextSeq(), event });
    });
  }

  async claim(limit: number, leaseMs: number): Promise<readonly OutboxRecord[]> {
    const now = this.clock.now().getTime();
    const batch = this.unpublished()
      .filter((row) => {
        const { claimedUntil } = this.stateOf(row.event.id);
        return claimedUntil === null || claimedUntil < now;
      })
      .slice(0, limit);
    for (const row of batch) this.stateOf(row.event.id).claimedUntil = now + leaseMs;
    return batch.map((row) => this.toRecord(row));
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    for (const row of this.existing(ids)) {
      const state = this.stateOf(row.event.id);
      if (state.publishedAt) continue;
      state.publishedAt = new Date(at);
      state.claimedUntil = null;
    }
  }

  async release(ids: readonly string[], attempted: boolean): Promise<void> {
    for (const row of this.existing(ids)) {
      const state = this.stateOf(row.event.id);
      if (state.publishedAt) continue;
      state.claimedUntil = null;
      if (attempted) state.attempts += 1;
    }
  }

  async lag(): Promise<OutboxLag> {
    const waiting = this.unpublished();
    const oldest = waiting.reduce((min, row) => Math.min(min, Date.parse(row.event.occurredAt)), Infinity);
    return { pending: waiting.length, oldestOccurredAt: waiting.length > 0 ? new Date(oldest) : null };
  }

  async prunePublished(before: Date, limit: number): Promise<number> {
    const old = [...this.rows.values()]
      .filter((row) => {
        const { publishedAt } = this.stateOf(row.event.id);
        return publishedAt !== null && publishedAt < before;
      })
      .slice(0, limit);
    for (const row of old) {
      this.rows.delete(row.event.id);
      this.store.untracked<RelayState>('outbox_relay').delete(row.event.id);
    }
    return old.length;
  }

  /** Unpublished events in write order, leased or not, without leasing them: what tests inspect. */
  async pending(limit: number): Promise<readonly OutboxRecord[]> {
    return this.unpublished().slice(0, limit).map((row) => this.toRecord(row));
  }

  private unpublished(): OutboxRow[] {
    return [...this.rows.values()].filter((row) => !this.stateOf(row.event.id).publishedAt).sort((a, b) => a.seq - b.seq);
  }

  private toRecord(row: OutboxRow): OutboxRecord {
    return { event: row.event, attempts: this.stateOf(row.event.id).attempts };
  }

  private existing(ids: readonly string[]): OutboxRow[] {
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }

  // A counter of its own, not the table size: pruning shrinks the table, and a reused seq
  // would break write order. Rows arrive at commit only, so it never needs rolling back.
  private nextSeq(): number {
    const counter = this.store.untracked<number>('outbox_seq');
    const seq = counter.get('next') ?? 0;
    counter.set('next', seq + 1);
    return seq;
  }
}
