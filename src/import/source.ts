/** One data row of an import file, parsed or not, with where it ends so that a checkpoint can point past it. */
export interface SourceRow {
  /** 1-based number of the data row in the file (header lines not counted). */
  row: number;
  /** Byte offset just after this row: resuming at it continues with the next row. */
  endOffset: number;
  /** The parsed record, or why it could not be parsed (such rows never reach the services). */
  record?: unknown;
  parseError?: string;
  /** The code of a row that could not be read: PARSE_ERROR, or INVALID_ENCODING for bytes that are not UTF-8. */
  parseCode?: "PARSE_ERROR" | "INVALID_ENCODING";
  /** The row as text, kept for the rejected-rows file when it could not be parsed. */
  raw?: string;
}

export type FileFormat = "ndjson" | "csv";

/**
 * Import files are UTF-8. Chinese spreadsheets are often saved as GB18030 (GBK), whose bytes decoded as
 * UTF-8 turn every character into U+FFFD: rows that would be stored garbled are refused instead.
 */
export const NOT_UTF8 = "The row is not valid UTF-8 (files saved as GB18030/GBK must be converted first: iconv -f GB18030 -t UTF-8)";

export interface OpenOptions {
  /** Byte offset to start at (0, or the checkpoint of an earlier run). */
  startOffset: number;
  /** Rows already consumed before startOffset, so that row numbers continue. */
  startRow: number;
}
