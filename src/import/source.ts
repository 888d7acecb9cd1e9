/** One data row of an import file, parsed or not, with where it ends so that a checkpoint can point past it. */
export interface SourceRow {
  /** 1-based number of the data row in the file (header lines not counted). */
  row: number;
  /** Byte offset just after this row: resuming at it continues with the next row. */
  endOffset: number;
  /** The parsed record, or why it could not be parsed (such rows never reach the services). */
  record?: unknown;
  parseError?: string;
  /** The row as text, kept for the rejected-rows file when it could not be parsed. */
  raw?: string;
}

export type FileFormat = "ndjson" | "csv";

export interface OpenOptions {
  /** Byte offset to start at (0, or the checkpoint of an earlier run). */
  startOffset: number;
  /** Rows already consumed before startOffset, so that row numbers continue. */
  startRow: number;
}
