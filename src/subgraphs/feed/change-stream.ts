import { logger } from "../../platform/logger";
import { feedDelivered, feedSubscriberDelta } from "../../platform/observability/metrics";
import type { ChangeHub } from "./change-hub";
import type { ChangeMatch, ChangeRow } from "./change-row";

/** Events fetched per read: also the most a subscriber holds in memory here. */
const BATCH = 100;

/**
 * One subscriber's position in the feed, as a pull-based async iterator: it reads the next batch
 * after its position only when the consumer asks for the next event, so a slow consumer holds at
 * most one batch here. Replay and live delivery are the same loop (read after position; when there
 * is nothing, wait for the hub), so there is no seam where an event could be lost or repeated.
 */
export class ChangeStream implements AsyncIterableIterator<ChangeRow> {
  private buffer: ChangeRow[] = [];
  private closed = false;
  private cancelWait: (() => void) | undefined;

  constructor(
    private readonly hub: ChangeHub,
    private readonly filter: ChangeMatch,
    private position: number,
  ) {
    feedSubscriberDelta(1);
    hub.attach();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ChangeRow>> {
    let failures = 0;
    while (!this.closed && this.hub.running) {
      const row = this.buffer.shift();
      if (row) {
        feedDelivered(row.occurredAt);
        return { value: row, done: false };
      }
      const seen = this.hub.generation;
      try {
        const { rows, scannedTo } = await this.hub.read(this.position, this.filter, BATCH);
        failures = 0;
        this.buffer = rows;
        this.position = scannedTo;
        if (rows.length) continue;
      } catch (error) {
        // The database is away (restart, failover): keep the position and try again; nothing is lost.
        failures++;
        logger.warn({ err: error, position: this.position }, "change stream read failed; retrying");
        await this.sleep(Math.min(5_000, 100 * 2 ** failures));
        continue;
      }
      const wait = this.hub.waitForChange(seen);
      this.cancelWait = wait.cancel;
      await wait.promise;
      this.cancelWait = undefined;
    }
    return this.finish();
  }

  async return(): Promise<IteratorResult<ChangeRow>> {
    return this.finish();
  }

  async throw(error?: unknown): Promise<IteratorResult<ChangeRow>> {
    this.finish();
    throw error;
  }

  private finish(): IteratorResult<ChangeRow> {
    if (!this.closed) {
      feedSubscriberDelta(-1);
      this.hub.detach();
    }
    this.closed = true;
    this.buffer = [];
    this.cancelWait?.();
    return { value: undefined, done: true };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
