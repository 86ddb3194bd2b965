import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Result } from '../../domain/shared/result';
import type { Repositories, Transaction, UnitOfWork } from '../ports/unit-of-work';

/** Told of the events a transaction wrote, once it has committed. */
export type CommittedEvents = (events: readonly DomainEvent[]) => Promise<void>;

/**
 * Wraps a unit of work so that each commit that wrote events triggers `afterCommit` (the outbox
 * relay, or a wake-up for the relay of another process) and hands those events to `committed`
 * before the caller gets its result: the cache drops what they made stale, so a client reads its
 * own writes (the consumers do it again, durably).
 */
export class AfterCommitUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly afterCommit: () => void,
    private readonly committed: CommittedEvents = async () => undefined,
  ) {}

  async run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const written: DomainEvent[] = [];
    const result = await this.inner.run((tx) => work(recordingOutbox(tx, written)));
    if (result.ok && written.length > 0) {
      this.afterCommit();
      await this.committed(written);
    }
    return result;
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }
}

function recordingOutbox(tx: Transaction, written: DomainEvent[]): Transaction {
  return {
    ...tx,
    outbox: {
      add: async (...events) => {
        await tx.outbox.add(...events);
        written.push(...events);
      },
    },
  };
}
