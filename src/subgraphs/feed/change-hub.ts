import { logger } from "../../platform/logger";
import type { ChangeFeedStore } from "./change-feed.service";
import { matches, type ChangeMatch, type ChangeRow } from "./change-row";

export interface ChangeHubOptions {
  /** Recent events kept in memory so that live subscribers never query the database themselves. */
  tailSize: number;
  /** Re-read the outbox this often even without a NOTIFY: a lost notification only delays. */
  fallbackPollMs: number;
}

/**
 * The process-wide tail of the outbox. On each wake-up (NOTIFY, reconnection or the fallback timer)
 * one reader appends the new events, in id order, to an in-memory window and bumps `generation`;
 * every subscriber then reads its next events from that window with its own filter. A subscriber
 * behind the window (a replay from an old cursor) reads the outbox directly. So a change costs one
 * query per process, whatever the number of subscribers, and none of its rows while there is no
 * subscriber: an import then writes events faster than anyone reads them, and reading them for
 * nobody took a twentieth of the machine from it (see skipToHead).
 */
export class ChangeHub {
  /** Events with floor < id <= head, in id order; complete because ids are drawn in commit order. */
  private tail: ChangeRow[] = [];
  private floor = 0;
  private head = 0;
  private started = false;
  private generationValue = 0;
  private waiters = new Set<() => void>();
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private timer: NodeJS.Timeout | undefined;
  /** Open streams (attach/detach). */
  private streams = 0;

  constructor(
    private readonly store: ChangeFeedStore,
    /** Every event after an id, in id order, up to a limit. */
    private readonly readTail: (afterId: number, limit: number) => Promise<ChangeRow[]>,
    private readonly options: ChangeHubOptions,
  ) {}

  get generation(): number {
    return this.generationValue;
  }

  /** False once stopped: open streams end. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  async start(): Promise<void> {
    this.head = await this.store.head();
    this.floor = this.head;
    this.started = true;
    this.timer = setInterval(() => void this.refresh(), this.options.fallbackPollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.wakeAll();
  }

  /** A stream follows the tail from now on (ChangeStream, until it finishes). */
  attach(): void {
    this.streams++;
  }

  detach(): void {
    this.streams--;
  }

  /** Reads what was committed since the last read; concurrent calls coalesce into one more pass. */
  refresh(): Promise<void> {
    if (!this.started) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.pull();
      } while (this.refreshAgain);
    })()
      .catch((error: unknown) => logger.warn({ err: error }, "change feed could not read the outbox; retrying on the next wake-up"))
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async pull(): Promise<void> {
    if (this.streams === 0) return this.skipToHead();
    const batch = 1_000;
    let grew = false;
    for (;;) {
      const rows = await this.readTail(this.head, batch);
      if (rows.length === 0) break;
      this.tail.push(...rows);
      this.head = rows[rows.length - 1]!.id;
      grew = true;
      if (rows.length < batch) break;
    }
    if (this.tail.length > this.options.tailSize) {
      const dropped = this.tail.splice(0, this.tail.length - this.options.tailSize);
      this.floor = dropped[dropped.length - 1]!.id;
    }
    if (grew) {
      this.generationValue++;
      this.wakeAll();
    }
  }

  /**
   * With no stream open nobody needs the window: keep only the position (one indexed max(id)) and
   * empty the window, so that the window again holds every event after `floor`, none of them. A stream
   * that opens later and starts before the new floor replays from the outbox, as from an old cursor;
   * waiters are woken, as when the window grows, in case one opened meanwhile.
   */
  private async skipToHead(): Promise<void> {
    const head = await this.store.head();
    if (head <= this.head && this.tail.length === 0) return;
    this.tail = [];
    this.floor = this.head = Math.max(this.head, head);
    this.generationValue++;
    this.wakeAll();
  }

  /**
   * The next events matching `filter` after `afterId`, up to `limit`, and how far the scan reached.
   * From memory when the window covers `afterId`, else from the outbox.
   */
  async read(afterId: number, filter: ChangeMatch, limit: number): Promise<{ rows: ChangeRow[]; scannedTo: number }> {
    if (!this.started || afterId < this.floor) return this.store.scan(afterId, filter, limit);
    const rows: ChangeRow[] = [];
    for (let i = this.firstAfter(afterId); i < this.tail.length; i++) {
      const row = this.tail[i]!;
      if (!matches(row, filter)) continue;
      rows.push(row);
      if (rows.length === limit) return { rows, scannedTo: row.id };
    }
    return { rows, scannedTo: Math.max(afterId, this.head) };
  }

  /** Resolves when the generation moves past `seen`, or when `cancel` is called. */
  waitForChange(seen: number): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = () => {
        this.waiters.delete(wake);
        resolve();
      };
    });
    if (this.generationValue !== seen || !this.timer) wake();
    else this.waiters.add(wake);
    return { promise, cancel: wake };
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  private firstAfter(id: number): number {
    let lo = 0;
    let hi = this.tail.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tail[mid]!.id <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
