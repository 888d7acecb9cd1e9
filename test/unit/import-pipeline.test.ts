import { BatchPipeline, EarlierBatchFailed } from "../../src/import/pipeline";

/** A batch whose end the test decides: it records when it started, got its turn and finished. */
function controlled(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const released = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  released.catch(() => undefined);
  const run = async (turn: Promise<void>) => {
    log.push(`${name} started`);
    await released; // the batch's own work (validating and writing its rows)
    try {
      await turn;
    } catch (error) {
      log.push(`${name} refused: ${(error as Error).constructor.name}`);
      throw error;
    }
    log.push(`${name} committed`);
  };
  return { run, finish, fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const keys = (...k: string[]) => new Set(k);

describe("the import pipeline", () => {
  it("starts the next batch while the one before is in flight, and finishes them in order", async () => {
    const log: string[] = [];
    const pipeline = new BatchPipeline(2);
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    await pipeline.push(keys("1"), a.run);
    await pipeline.push(keys("2"), b.run);
    expect(log).toEqual(["a started", "b started"]);
    // b's own work ends first, but it commits only after a.
    b.finish();
    await tick();
    expect(log).toEqual(["a started", "b started"]);
    a.finish();
    await pipeline.drain();
    expect(log).toEqual(["a started", "b started", "a committed", "b committed"]);
  });

  it("holds back a batch that shares a key with one in flight until that one has finished", async () => {
    const log: string[] = [];
    const pipeline = new BatchPipeline(2);
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    await pipeline.push(keys("1", "2"), a.run);
    const pushed = pipeline.push(keys("3", "2"), b.run);
    await tick();
    expect(log).toEqual(["a started"]);
    a.finish();
    await pushed;
    expect(log).toEqual(["a started", "a committed", "b started"]);
    b.finish();
    await pipeline.drain();
    expect(log).toEqual(["a started", "a committed", "b started", "b committed"]);
  });

  it("never has more batches in flight than its depth", async () => {
    const log: string[] = [];
    const pipeline = new BatchPipeline(2);
    const [a, b, c] = ["a", "b", "c"].map((n) => controlled(log, n)) as [ReturnType<typeof controlled>, ReturnType<typeof controlled>, ReturnType<typeof controlled>];
    await pipeline.push(keys("1"), a.run);
    await pipeline.push(keys("2"), b.run);
    const pushed = pipeline.push(keys("3"), c.run);
    b.finish();
    await tick();
    expect(log).toEqual(["a started", "b started"]);
    a.finish();
    await pushed;
    expect(log).toEqual(["a started", "b started", "a committed", "b committed", "c started"]);
    c.finish();
    await pipeline.drain();
  });

  it("with depth 1 runs one batch at a time", async () => {
    const log: string[] = [];
    const pipeline = new BatchPipeline(1);
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    await pipeline.push(null, a.run);
    const pushed = pipeline.push(null, b.run);
    await tick();
    expect(log).toEqual(["a started"]);
    a.finish();
    await pushed;
    b.finish();
    await pipeline.drain();
    expect(log).toEqual(["a started", "a committed", "b started", "b committed"]);
  });

  it("refuses the turn of every batch after one that failed, and reports the failure itself", async () => {
    const log: string[] = [];
    const pipeline = new BatchPipeline(2);
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    const c = controlled(log, "c");
    await pipeline.push(keys("1"), a.run);
    await pipeline.push(keys("2"), b.run);
    b.finish();
    a.fail(new Error("connection lost"));
    await expect(pipeline.push(keys("3"), c.run)).rejects.toThrow("connection lost");
    await pipeline.settle();
    expect(log).toEqual(["a started", "b started", "b refused: EarlierBatchFailed"]);
    expect(new EarlierBatchFailed()).toBeInstanceOf(Error);
  });

  it("rejects a depth that is not a positive integer", () => {
    expect(() => new BatchPipeline(0)).toThrow(RangeError);
    expect(() => new BatchPipeline(1.5)).toThrow(RangeError);
  });
});
