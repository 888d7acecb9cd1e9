import type { SourceRow } from "./source";

/**
 * A file's rows a few thousand at a time: what the readers hand on per block of the file they read.
 * A row at a time, an import paid an async step (a promise and a microtask) per row twice over, in
 * the scan for repeated keys and in the batches: about a sixth of what reading a file cost (50,000
 * certificate rows read in 112-123 ms that way, 94-99 ms by blocks).
 */
export type RowChunks = AsyncIterable<readonly SourceRow[]>;

/** A reader that yields row by row (the CSV reader), grouped into chunks of up to `size` rows. */
export async function* inChunks(rows: AsyncIterable<SourceRow>, size = 1024): AsyncGenerator<SourceRow[]> {
  let chunk: SourceRow[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Rows taken from chunks `count` at a time, whatever the chunks' sizes: an import's batches. */
export class RowTaker {
  private readonly chunks: AsyncIterator<readonly SourceRow[]>;
  private buffered: readonly SourceRow[] = [];
  private at = 0;

  constructor(chunks: RowChunks) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  /** The next `count` rows, fewer only at the end of the file (none: the file is read). */
  async take(count: number): Promise<SourceRow[]> {
    const rows: SourceRow[] = [];
    while (rows.length < count) {
      if (this.at === this.buffered.length) {
        const next = await this.chunks.next();
        if (next.done) break;
        this.buffered = next.value;
        this.at = 0;
        continue;
      }
      const end = Math.min(this.buffered.length, this.at + count - rows.length);
      for (let i = this.at; i < end; i++) rows.push(this.buffered[i]!);
      this.at = end;
    }
    return rows;
  }

  /** Stops reading (the file is closed) before the end, as after a failed batch. */
  async close(): Promise<void> {
    await this.chunks.return?.(undefined);
  }
}
