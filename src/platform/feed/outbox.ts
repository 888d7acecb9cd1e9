import type { Em } from "../database/orm";
import type { ProvinceCode } from "../province";
import type { ChangeKind } from "./change-kind";

export interface ChangeEventInput {
  kind: ChangeKind;
  province: ProvinceCode | null;
  subjectId: string;
}

export const CHANGE_CHANNEL = "yrd_changes";

/**
 * Appends events to the outbox inside the caller's transaction, so the change and its events commit
 * together. The transaction-scoped advisory lock makes sequence order equal commit order: an event id
 * is drawn only once every earlier appender has committed or rolled back, so a reader that has seen
 * id N can never later find a committed id below N. Call it as the last write of the transaction to
 * keep the lock short.
 */
export async function appendChanges(em: Em, events: ChangeEventInput[]): Promise<void> {
  if (events.length === 0) return;
  if (!em.isInTransaction()) throw new Error("appendChanges must run inside the transaction of the change");
  await em.execute("select pg_advisory_xact_lock(7261001)");
  await em.execute(
    `insert into outbox.change_event (kind, province, subject_id)
     select e.kind, e.province, e.subject_id from jsonb_to_recordset(?::jsonb) as e(kind text, province text, subject_id text)`,
    [JSON.stringify(events.map((e) => ({ kind: e.kind, province: e.province, subject_id: e.subjectId })))],
  );
  // NOTIFY is delivered on commit and only wakes listeners; they read the outbox itself.
  await em.execute(`select pg_notify('${CHANGE_CHANNEL}', '')`);
}
