/**
 * A token bucket per caller, in this process's memory: each caller may send `burst` requests at once,
 * refilled at `perMinute`. With several gateway instances each limits on its own, so the effective
 * limit is the per-instance one times the instances behind the load balancer.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxCallers = 100_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one token for `caller`; returns 0 when allowed, else the milliseconds until the next token. */
  take(caller: string): number {
    if (!this.enabled) return 0;
    const now = this.now();
    let bucket = this.buckets.get(caller);
    if (bucket) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
      // Re-inserting keeps the map in least-recently-seen order for the eviction below.
      this.buckets.delete(caller);
    } else {
      bucket = { tokens: this.burst, at: now };
      if (this.buckets.size >= this.maxCallers) this.evictIdle();
    }
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs);
  }

  /** Forget the least recently seen tenth of the callers, so that many addresses cannot exhaust memory. */
  private evictIdle(): void {
    let drop = Math.ceil(this.maxCallers / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
