// Transactions at the connection, not through `em.transactional()` or `em.commit()`: those run
// inside MikroORM's AsyncLocalStorage scopes (the transaction context, the flush guard), and on
// Node 20 the first such scope switches on promise hooks for the rest of the process, which
// every request then pays for. Repositories write with native queries, so there is never
// anything to flush.
import { IsolationLevel, type EntityManager, type Transaction } from '@mikro-orm/postgresql';

/**
 * Runs `work` on a fork of `em` bound to a new transaction, or to a savepoint when `em` is in
 * one already. Commits when `keep` says so (default: whenever `work` resolves) and rolls back
 * otherwise, or when `work` throws.
 */
export async function inTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
  const connection = em.getConnection('write');
  const trx: Transaction = await connection.begin({ ctx: em.getTransactionContext() });
  const bound = em.fork({ clear: true });
  bound.setTransactionContext(trx);
  let value: T;
  try {
    value = await work(bound);
  } catch (error) {
    await connection.rollback(trx);
    throw error;
  }
  if (keep(value)) await connection.commit(trx);
  else await connection.rollback(trx);
  return value;
}

/**
 * Runs read-only `work` on a fork of `em` bound to a repeatable-read transaction: all its
 * statements see one snapshot of the database.
 */
export async function inSnapshot<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const connection = em.getConnection('read');
  const trx: Transaction = await connection.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  const bound = em.fork({ clear: true });
  bound.setTransactionContext(trx);
  try {
    return await work(bound);
  } finally {
    await connection.rollback(trx);
  }
}
