// The tables of the in-memory adapters. Transactions take a snapshot and restore it on
// rollback, and run one at a time, so memory behaves like a serialisable database.
import { AsyncLocalStorage } from 'node:async_hooks';

type Tables = Map<string, Map<string, unknown>>;

export class MemoryStore {
  private tables: Tables = new Map();
  private readonly bookkeeping: Tables = new Map();
  private tail: Promise<unknown> = Promise.resolve();
  /** The commit effects of the transaction the current async context runs in. */
  private readonly transactionScope = new AsyncLocalStorage<(() => void)[]>();

  table<Row>(name: string): Map<string, Row> {
    return tableIn(this.tables, name);
  }

  /**
   * A table that rollbacks leave alone: the bookkeeping of work done outside transactions
   * (the relay's leases and publications), which a concurrent rollback must not undo.
   */
  untracked<Row>(name: string): Map<string, Row> {
    return tableIn(this.bookkeeping, name);
  }

  /**
   * Runs `effect` when the calling transaction commits, and never if it rolls back; at once
   * outside a transaction. Writes others may read while the transaction runs (the outbox,
   * read by the relay) use it, so nobody sees them before the commit.
   */
  afterCommit(effect: () => void): void {
    const effects = this.transactionScope.getStore();
    if (effects) effects.push(effect);
    else effect();
  }

  /** Runs `work` alone; when `shouldCommit` says no, or it throws, every table is restored. */
  transaction<T>(work: () => Promise<T>, shouldCommit: (value: T) => boolean): Promise<T> {
    const run = async (): Promise<T> => {
      const snapshot = structuredClone(this.tables);
      const effects: (() => void)[] = [];
      try {
        const value = await this.transactionScope.run(effects, work);
        if (!shouldCommit(value)) this.tables = snapshot;
        else for (const effect of effects) effect();
        return value;
      } catch (error) {
        this.tables = snapshot;
        throw error;
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function tableIn<Row>(tables: Tables, name: string): Map<string, Row> {
  let table = tables.get(name);
  if (!table) {
    table = new Map();
    tables.set(name, table);
  }
  return table as Map<string, Row>;
}
