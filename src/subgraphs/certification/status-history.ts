import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { pgArray } from "../../platform/database/sql";

/**
 * A certificate's status history is its first status, which the certificate itself records (status,
 * issue date, `created_by`), then one row of `certification.status_change` per change. Imports
 * create certificates by the tens of thousands and most never change, so the first entry is written
 * as a row only when the first change comes; `certification.status_history` (a view, which alone
 * says what that entry is) reads both as one.
 */
export interface StatusChangeRow {
  certificate_id: string;
  status: string;
  reason: string;
  actor: string;
  /** ISO date-time. */
  at: string;
}

const CHANGES = rowset({ certificate_id: "bigint", status: "text", reason: "text", actor: "text", at: "timestamptz" });

/**
 * Writes, as rows, the first entries the view gives these certificates (those without a row yet).
 * Call it with the certificates locked and before their status changes: the view reads the first
 * status from the certificate as it still is.
 */
export async function keepFirstStatuses(tx: Em, certificateIds: readonly string[]): Promise<void> {
  if (!certificateIds.length) return;
  await executeBound(tx,
    `insert into certification.status_change (certificate_id, status, reason, actor, at)
     select certificate_id, status, reason, actor, at from certification.status_history
     where id = 0 and certificate_id = any(?::bigint[])`,
    [pgArray(certificateIds)],
  );
}

/** Records status changes, after keepFirstStatuses for the same certificates. */
export async function recordStatusChanges(tx: Em, changes: readonly StatusChangeRow[]): Promise<void> {
  if (!changes.length) return;
  await executeBound(tx,
    `insert into certification.status_change (certificate_id, status, reason, actor, at)
     select certificate_id, status, reason, actor, at from ${CHANGES.from("c")}`,
    CHANGES.params(changes),
  );
}
