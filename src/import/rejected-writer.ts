import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from "node:fs";

export interface RejectedRow {
  row: number;
  code: string;
  field: string | null;
  message: string;
  record?: unknown;
  raw?: string;
  /** The row's bytes in base64, for a row refused for its encoding (raw has U+FFFD where they were). */
  rawBase64?: string;
  /** Why `record` is missing from a row that had one. */
  note?: string;
}

/**
 * One row as a line of JSON. A record JSON.stringify cannot write (nested too deep for its stack, say:
 * the readers refuse those, this is the last defence) is left out with a note, rather than throw out
 * of the batch and stop the import at this row on every resume.
 */
function lineOf(row: RejectedRow): string {
  try {
    return JSON.stringify(row);
  } catch (error) {
    const { record: _unwritable, ...rest } = row;
    return JSON.stringify({ ...rest, note: `The record cannot be written here: ${(error as Error).message}` });
  }
}

/**
 * `<file>.rejected.ndjson`: one line per refused row, with its row number and code. Its length is
 * part of each batch's checkpoint, so a resume first cuts off the lines of a batch that never committed
 * and every rejected row is listed exactly once.
 */
export class RejectedWriter {
  private readonly fd: number;
  private size: number;
  /**
   * Whether the file was shorter than the checkpoint says (deleted or cut since an earlier run): rows
   * refused then, and counted in the summary, are not all listed in it.
   */
  readonly incomplete: boolean;

  constructor(readonly path: string, committedBytes: number) {
    this.fd = openSync(path, existsSync(path) ? "r+" : "w+");
    const actual = fstatSync(this.fd).size;
    this.size = Math.min(actual, committedBytes);
    this.incomplete = actual < committedBytes;
    if (actual !== this.size) ftruncateSync(this.fd, this.size);
  }

  get bytes(): number {
    return this.size;
  }

  /** Appends and flushes to disk before the batch commits; returns the new committed length. */
  append(rows: RejectedRow[]): number {
    if (!rows.length) return this.size;
    const text = Buffer.from(rows.map(lineOf).join("\n") + "\n", "utf8");
    writeSync(this.fd, text, 0, text.length, this.size);
    fsyncSync(this.fd);
    this.size += text.length;
    return this.size;
  }

  close(): void {
    closeSync(this.fd);
  }
}
