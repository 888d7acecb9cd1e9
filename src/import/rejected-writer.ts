import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";

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

/** The bytes of a rejected file's end that its checkpoint fingerprints. */
const TAIL_BYTES = 4096;

const fingerprint = (tail: Buffer): string => createHash("sha256").update(tail).digest("base64");

/** The last TAIL_BYTES (or fewer) before `length` in an open file. */
function tailOf(fd: number, length: number): Buffer {
  const tail = Buffer.alloc(Math.min(TAIL_BYTES, length));
  const read = readSync(fd, tail, 0, tail.length, length - tail.length);
  return tail.subarray(0, read);
}

/** What a checkpoint recorded of the rejected file: its length, and a fingerprint of its last bytes. */
export interface RejectedMark {
  bytes: number;
  /** Null in checkpoints written before fingerprints were kept: then only the length is checked. */
  tail: string | null;
}

/**
 * Whether `<file>.rejected.ndjson` still begins with what the checkpoint recorded: not deleted, cut
 * short, or replaced since (by an import of the same file as another kind, which writes the same path).
 */
export function rejectedFileIntact(path: string, mark: RejectedMark): boolean {
  if (mark.bytes === 0) return true;
  if (!existsSync(path)) return false;
  const fd = openSync(path, "r");
  try {
    if (fstatSync(fd).size < mark.bytes) return false;
    return mark.tail === null || fingerprint(tailOf(fd, mark.bytes)) === mark.tail;
  } finally {
    closeSync(fd);
  }
}

/**
 * `<file>.rejected.ndjson`: one line per refused row, with its row number and code. Its length and
 * the fingerprint of its end are part of each batch's checkpoint, so a resume first cuts off the lines
 * of a batch that never committed and every rejected row is listed exactly once; a file found
 * deleted, cut short or replaced since is started afresh and said to be incomplete.
 */
export class RejectedWriter {
  private readonly fd: number;
  private size: number;
  /** The file's last bytes, to fingerprint for the checkpoint. */
  private tail: Buffer;
  /**
   * Whether the file no longer holds what the checkpoint recorded (deleted, cut short or replaced
   * since an earlier run): rows refused then, and counted in the summary, are not all listed in it.
   */
  readonly incomplete: boolean;

  constructor(readonly path: string, committed: RejectedMark) {
    this.incomplete = !rejectedFileIntact(path, committed);
    this.fd = openSync(path, existsSync(path) ? "r+" : "w+");
    // Another file's lines (a replaced file) are no prefix of this import's: it starts empty then.
    this.size = this.incomplete ? Math.min(fstatSync(this.fd).size, committed.tail === null ? committed.bytes : 0) : committed.bytes;
    if (fstatSync(this.fd).size !== this.size) ftruncateSync(this.fd, this.size);
    this.tail = tailOf(this.fd, this.size);
  }

  get bytes(): number {
    return this.size;
  }

  /** The fingerprint of what the file holds now, for the checkpoint (null when it is empty). */
  get mark(): RejectedMark {
    return { bytes: this.size, tail: this.size ? fingerprint(this.tail) : null };
  }

  /** Appends and flushes to disk before the batch commits (then `mark` is what the checkpoint records). */
  append(rows: RejectedRow[]): void {
    if (!rows.length) return;
    const text = Buffer.from(rows.map(lineOf).join("\n") + "\n", "utf8");
    writeSync(this.fd, text, 0, text.length, this.size);
    fsyncSync(this.fd);
    this.size += text.length;
    const joined = text.length >= TAIL_BYTES ? text : Buffer.concat([this.tail, text]);
    this.tail = Buffer.from(joined.subarray(joined.length - Math.min(TAIL_BYTES, joined.length)));
  }

  close(): void {
    closeSync(this.fd);
  }
}
