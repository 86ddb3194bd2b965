// The tables of the in-memory adapters. Transactions take a snapshot and restore it on
// rollback, and run one at a time, so memory behaves like a serialisable database.
export class MemoryStore {
  private tables = new Map<string, Map<string, unknown>>();
  private tail: Promise<unknown> = Promise.resolve();

  table<Row>(name: string): Map<string, Row> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table as Map<string, Row>;
  }

  /** Runs `work` alone; when `shouldCommit` says no, or it throws, every table is restored. */
  transaction<T>(work: () => Promise<T>, shouldCommit: (value: T) => boolean): Promise<T> {
    const run = async (): Promise<T> => {
      const snapshot = structuredClone(this.tables);
      try {
        const value = await work();
        if (!shouldCommit(value)) this.tables = snapshot;
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
