import type { Clock } from '../ports/clock';
import type { OutboxStore } from '../ports/outbox';

export interface PruneOutboxOptions {
  /** How long published events are kept (for inspection and replays by hand). */
  readonly retentionDays?: number;
  /** Rows deleted per statement, so a large backlog never becomes one long lock-holding delete. */
  readonly chunkSize?: number;
}

export interface PruneOutboxOutput {
  readonly pruned: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes outbox events published longer ago than the retention; unpublished ones are never touched. */
export class PruneOutbox {
  private readonly retentionMs: number;
  private readonly chunkSize: number;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly clock: Clock,
    options: PruneOutboxOptions = {},
  ) {
    this.retentionMs = (options.retentionDays ?? 7) * DAY_MS;
    this.chunkSize = options.chunkSize ?? 5_000;
  }

  async execute(): Promise<PruneOutboxOutput> {
    const before = new Date(this.clock.now().getTime() - this.retentionMs);
    let pruned = 0;
    for (;;) {
      const deleted = await this.outbox.prunePublished(before, this.chunkSize);
      pruned += deleted;
      if (deleted < this.chunkSize) return { pruned };
    }
  }
}
