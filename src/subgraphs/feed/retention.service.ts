import type { Em } from "../../platform/database/orm";
import { transaction } from "../../platform/database/transaction";
import { logger } from "../../platform/logger";

/** Any number unique to this job: one pruner at a time across every instance on the database. */
const PRUNE_LOCK = 7261002;

/**
 * Deletes the events older than the retention period, as a prefix in id order (occurred_at is the
 * writing transaction's start and may run slightly out of id order), and records how far it went so
 * that a cursor before that point is refused with CURSOR_EXPIRED instead of silently skipping.
 * Returns how many events were deleted; 0 when another instance holds the job.
 */
export async function pruneChanges(em: Em, retentionDays: number): Promise<number> {
  return transaction(em.fork(), async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }[]>("select pg_try_advisory_xact_lock(?) as locked", [PRUNE_LOCK]);
    if (!lock?.locked) return 0;
    const [bound] = await tx.execute<{ through: string | null }[]>(
      "select max(id) as through from outbox.change_event where occurred_at < now() - make_interval(days => ?)",
      [retentionDays],
    );
    if (bound?.through === null || bound?.through === undefined) return 0;
    const [deleted] = await tx.execute<{ count: string }[]>(
      "with d as (delete from outbox.change_event where id <= ? returning 1) select count(*) as count from d",
      [bound.through],
    );
    await tx.execute("update feed.retention set pruned_through = greatest(pruned_through, ?), pruned_at = now()", [bound.through]);
    const count = Number(deleted?.count ?? 0);
    logger.info({ deleted: count, through: bound.through, retentionDays }, "change feed pruned");
    return count;
  });
}

/** Prunes now and then every `intervalMs`; errors are logged and retried at the next tick. */
export function schedulePruning(em: Em, retentionDays: number, intervalMs: number): () => void {
  const run = () => pruneChanges(em, retentionDays).catch((error: unknown) => logger.warn({ err: error }, "change feed pruning failed"));
  // Not at once: a starting process has better things to do, and short-lived test processes never prune.
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
