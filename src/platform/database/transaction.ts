import type { Em } from "./orm";

/**
 * Runs `work` in a transaction on a fork of `em` (a savepoint when `em` is already in one), commits
 * when it returns and rolls back when it throws. It replaces em.transactional, which runs the callback
 * inside an AsyncLocalStorage (so that the outer entity manager finds the transaction too) and flushes
 * the unit of work inside another: on Node 20 an AsyncLocalStorage, once used, makes the process run a
 * hook for every promise it creates from then on, a cost every later request of the process pays (W1
 * 3-6% after a mutation). Here the transaction is reached through `tx` only, and the services write with SQL, not
 * through the unit of work: a change left in it would be lost, so one found at commit is an error.
 */
export async function transaction<T>(em: Em, work: (tx: Em) => Promise<T>): Promise<T> {
  const tx = em.fork();
  const connection = tx.getConnection("write");
  const trx = await connection.begin({ ctx: em.getTransactionContext() });
  tx.setTransactionContext(trx);
  try {
    const result = await work(tx);
    const uow = tx.getUnitOfWork();
    uow.computeChangeSets();
    if (uow.getChangeSets().length) throw new Error("transaction(): entities were changed through the unit of work; write them with SQL");
    await connection.commit(trx);
    return result;
  } catch (error) {
    // After a failed COMMIT there may be nothing left to roll back; the first error is the one to report.
    await connection.rollback(trx).catch(() => undefined);
    throw error;
  } finally {
    tx.resetTransactionContext();
  }
}
