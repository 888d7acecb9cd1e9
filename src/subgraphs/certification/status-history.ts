import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";

/**
 * A certificate's status history is its first status, which the certificate itself records (status,
 * issue date, `created_by`), then one row of `certification.status_change` per change. Imports
 * create certificates by the tens of thousands and most never change, so the first entry is written
 * as a row only when the first change comes; `certification.status_history` (a view) reads both as one.
 */
export interface HistoryRow {
  certificate_id: string;
  status: string;
  reason: string;
  actor: string | null;
  /** ISO date-time with its offset. */
  at: string;
}

const HISTORY = rowset({ certificate_id: "bigint", status: "text", reason: "text", actor: "text", at: "timestamptz" });

/**
 * When a certificate's first status holds from: its issue date at midnight, China Standard Time, so
 * that recognition as of a past date finds it (the view computes the same in SQL).
 */
export const firstStatusAt = (issuedOn: string): string => `${issuedOn}T00:00:00+08:00`;

/**
 * Records status changes of certificates locked by the caller's transaction: each certificate's first
 * entry (`firsts`, from the certificate as it was before the change) where it has no row yet, then the
 * changes. One statement: its snapshot is taken before its own rows, and the lock keeps any other
 * writer from recording a first entry for the same certificate meanwhile.
 */
export async function recordStatusChanges(tx: Em, firsts: readonly HistoryRow[], changes: readonly HistoryRow[]): Promise<void> {
  if (!changes.length) return;
  await executeBound(tx,
    `insert into certification.status_change (certificate_id, status, reason, actor, at)
     select certificate_id, status, reason, actor, at from ${HISTORY.from("f")}
       where not exists (select 1 from certification.status_change h where h.certificate_id = f.certificate_id)
     union all
     select certificate_id, status, reason, actor, at from ${HISTORY.from("c")}`,
    [...HISTORY.params(firsts), ...HISTORY.params(changes)],
  );
}
