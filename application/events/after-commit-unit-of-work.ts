import type { Result } from '../../domain/shared/result';
import type { Repositories, Transaction, UnitOfWork } from '../ports/unit-of-work';

/** Wraps a unit of work so that each commit triggers `afterCommit` (the outbox relay). */
export class AfterCommitUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly afterCommit: () => void,
  ) {}

  async run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const result = await this.inner.run(work);
    if (result.ok) this.afterCommit();
    return result;
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }
}
