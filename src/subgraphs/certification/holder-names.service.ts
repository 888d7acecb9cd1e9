import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { transaction } from "../../platform/database/transaction";
import { ChangeKind } from "../../platform/feed/change-kind";
import { logger } from "../../platform/logger";
import { registryReader } from "../registry/registry.reader";

/** Outbox events read per step: a range of ids, whatever their kinds, so that a step's work is bounded. */
const STEP = 20_000;

const NAMES = rowset({ uscc: "text", name: "text" });

/**
 * Brings the certificates' copies of their holders' names up to the registry's, following the
 * outbox's ENTERPRISE_UPSERTED events from where the last step stopped. The copy is what search
 * matches (`holder { name }` itself is always read from the registry); without this, a renamed
 * enterprise's certificates would be found only by the old name until they were imported again.
 *
 * Event ids follow commit order (see appendChanges), so every event up to the largest committed id
 * has committed, and the cursor never passes one still to come. One instance works at a time (the
 * cursor row is locked, others skip it). Returns how many certificates it changed, and whether events
 * remain beyond this step.
 */
export async function syncHolderNames(em: Em): Promise<{ updated: number; more: boolean }> {
  return transaction(em, async (tx) => {
    const [cursor] = await executeBound<{ through: number; last: number }>(tx,
      `select s.through::float8 as through, (select coalesce(max(id), 0) from outbox.change_event)::float8 as last
       from certification.holder_name_sync s for update of s skip locked`);
    if (!cursor || cursor.last <= cursor.through) return { updated: 0, more: false };
    const upTo = Math.min(cursor.last, cursor.through + STEP);
    const renamed = await executeBound<{ uscc: string }>(tx,
      `select distinct subject_id as uscc from outbox.change_event where id > ? and id <= ? and kind = ?`,
      [cursor.through, upTo, ChangeKind.ENTERPRISE_UPSERTED],
    );
    let updated = 0;
    if (renamed.length) {
      const names = await registryReader(tx).enterprises(renamed.map((r) => r.uscc));
      const [changed] = await executeBound<{ n: number }>(tx,
        `with changed as (
           update certification.certificate c set holder_name = v.name
           from ${NAMES.from("v")}
           where c.holder_uscc = v.uscc and c.holder_name is distinct from v.name
           returning 1)
         select count(*)::int as n from changed`,
        NAMES.params([...names.values()]),
      );
      updated = changed!.n;
    }
    await executeBound(tx, `update certification.holder_name_sync set through = ?, synced_at = now()`, [upTo]);
    return { updated, more: upTo < cursor.last };
  });
}

/**
 * Runs syncHolderNames every `intervalMs` (and at once), step after step while events remain. Returns
 * a stop function that waits for a step in progress, so that the database is not closed under it.
 */
export function scheduleHolderNameSync(em: Em, intervalMs: number): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async () => {
    try {
      let step: { more: boolean };
      do step = await syncHolderNames(em.fork());
      while (step.more && !stopped);
    } catch (error) {
      logger.warn({ err: error }, "holder names: sync failed; the next round tries again");
    }
  };
  const tick = () => {
    running = run().finally(() => {
      if (stopped) return;
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
