/** What a task's `turn` rejects with when a task before it failed: it must not finish after a gap. */
export class EarlierBatchFailed extends Error {
  constructor() {
    super("An earlier batch of this import failed");
  }
}

interface InFlight {
  keys: ReadonlySet<string> | null;
  done: Promise<void>;
}

const shareKey = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
};

/**
 * Runs an import's batches in file order with up to `depth` of them in flight. A batch starts at once
 * (its rows are validated and written while the batches before it commit) and is handed its `turn`: a
 * promise that resolves when the batch before it has finished, or rejects with EarlierBatchFailed if
 * that one failed. The batch must wait for its turn before it does what has to happen in file order
 * (its events, its checkpoint, its commit); then batches finish strictly in order, and an import
 * stopped at any moment has finished exactly a prefix of its batches.
 *
 * A batch whose keys meet those of a batch in flight starts only once that one has finished: it
 * would otherwise read, compare and lock those rows before the earlier batch has written them, and
 * the two transactions could wait for each other. `keys` null: the batch shares nothing.
 */
export class BatchPipeline {
  private readonly inFlight: InFlight[] = [];
  private previous: Promise<void> = Promise.resolve();

  constructor(private readonly depth: number) {
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`pipeline depth must be a positive integer, not ${depth}`);
  }

  /**
   * Starts `run` once there is room and no batch in flight shares a key with it; resolves when it has
   * started. Throws the error of an earlier batch found failed while waiting (start nothing more then,
   * and call settle()).
   */
  async push(keys: ReadonlySet<string> | null, run: (turn: Promise<void>) => Promise<void>): Promise<void> {
    while (this.inFlight.length >= this.depth || (keys && this.inFlight.some((f) => f.keys && shareKey(f.keys, keys)))) {
      await this.finishOldest();
    }
    const turn = this.previous.then(
      () => undefined,
      () => {
        throw new EarlierBatchFailed();
      },
    );
    turn.catch(() => undefined); // a batch that fails before its turn never awaits it
    const done = run(turn);
    done.catch(() => undefined); // observed by finishOldest or settle
    this.inFlight.push({ keys, done });
    this.previous = done;
  }

  /** Waits for every batch in flight, in order; throws the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.length) await this.finishOldest();
  }

  /** After a failure: lets the batches still in flight end (they fail too, each waiting for the one before). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0).map((f) => f.done));
  }

  /** The oldest batch in flight: the one before it has finished, so a failure here is its own. */
  private async finishOldest(): Promise<void> {
    await this.inFlight.shift()!.done;
  }
}
