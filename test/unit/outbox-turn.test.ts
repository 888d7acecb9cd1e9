import { AsyncLocalStorage } from "node:async_hooks";
import type { Em } from "../../src/platform/database/orm";
import { ChangeKind } from "../../src/platform/feed/change-kind";
import { appendChanges, appendChangesAfter } from "../../src/platform/feed/outbox";

/** Just enough of an EntityManager in a transaction to record what appendChanges sends, in order. */
function recordingEm(log: string[]): Em {
  const knex = { raw: async (sql: string) => (log.push(sql.trim().split(/\s+/).slice(0, 3).join(" ")), { rows: [] }) };
  return {
    isInTransaction: () => true,
    getTransactionContext: () => knex,
    execute: async (sql: string) => (log.push(sql), []),
  } as unknown as Em;
}

const event = { kind: ChangeKind.CERTIFICATE_UPSERTED, province: null, subjectId: "1" };
const hop = () => new Promise((resolve) => setImmediate(resolve));

describe("appendChangesAfter", () => {
  it("holds the outbox lock back until the turn, however deep the call", async () => {
    const log: string[] = [];
    let resolveTurn!: () => void;
    const turn = new Promise<void>((resolve) => (resolveTurn = resolve));
    // A transaction wrapper with a context of its own (as MikroORM's) between the two, and some awaits.
    const other = new AsyncLocalStorage<string>();
    const done = appendChangesAfter(turn, async () => {
      await hop();
      log.push("rows written");
      return other.run("nested transaction", async () => {
        await hop();
        await appendChanges(recordingEm(log), [event]);
        return "result";
      });
    });
    for (let i = 0; i < 5; i++) await hop();
    expect(log).toEqual(["rows written"]);
    resolveTurn();
    await expect(done).resolves.toBe("result");
    expect(log).toEqual(["rows written", "select pg_advisory_xact_lock(7261001)", "insert into outbox.change_event", "select pg_notify('yrd_changes', '')"]);
  });

  it("throws, taking no lock, when the turn fails", async () => {
    const log: string[] = [];
    const turn = Promise.reject(new Error("the batch before failed"));
    turn.catch(() => undefined);
    await expect(appendChangesAfter(turn, () => appendChanges(recordingEm(log), [event]))).rejects.toThrow("the batch before failed");
    expect(log).toEqual([]);
  });

  it("waits for nothing outside of it (the mutations)", async () => {
    const log: string[] = [];
    const pending = new Promise<void>(() => undefined);
    void appendChangesAfter(pending, async () => undefined);
    await appendChanges(recordingEm(log), [event]);
    expect(log).toHaveLength(3);
  });
});
