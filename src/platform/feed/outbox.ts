import { AsyncLocalStorage } from "node:async_hooks";
import { executeBound } from "../database/bound-query";
import { rowset } from "../database/rowset";
import type { Em } from "../database/orm";
import type { ProvinceCode } from "../province";
import type { ChangeKind } from "./change-kind";

export interface ChangeEventInput {
  kind: ChangeKind;
  province: ProvinceCode | null;
  subjectId: string;
}

export const CHANGE_CHANNEL = "yrd_changes";

const EVENTS = rowset({ kind: "text", province: "text", subject_id: "text" });

const turns = new AsyncLocalStorage<Promise<unknown>>();

/**
 * Runs `work` so that every appendChanges it makes first waits for `turn` (and throws if `turn`
 * rejects). The import pipeline runs a batch's transaction while the batch before it is still
 * committing: the rows may be written meanwhile, but the events must not take the outbox lock before
 * the earlier batch has committed, which waits for nothing of this one. Otherwise this transaction
 * would hold the lock the earlier one needs while waiting for it to commit: a deadlock that
 * PostgreSQL cannot see, since one of its edges is in this process.
 */
export function appendChangesAfter<T>(turn: Promise<unknown>, work: () => Promise<T>): Promise<T> {
  return turns.run(turn, work);
}

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
  await turns.getStore();
  await em.execute("select pg_advisory_xact_lock(7261001)");
  await executeBound(em,
    `insert into outbox.change_event (kind, province, subject_id) select e.kind, e.province, e.subject_id from ${EVENTS.from("e")}`,
    EVENTS.params(events.map((e) => ({ kind: e.kind, province: e.province, subject_id: e.subjectId }))),
  );
  // NOTIFY is delivered on commit and only wakes listeners; they read the outbox itself.
  await em.execute(`select pg_notify('${CHANGE_CHANNEL}', '')`);
}
