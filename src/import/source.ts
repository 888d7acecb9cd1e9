import { open } from "node:fs/promises";

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

/**
 * Refuses, before anything is imported, a file that cannot be what its format says: compressed, a
 * workbook, UTF-16, or (for NDJSON) one JSON array rather than one object per line. Each would
 * otherwise come out as a refused row per line, with no word of the cause.
 */
export async function checkFileShape(path: string, format: FileFormat): Promise<void> {
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) throw new Error(`${path} is gzip-compressed: decompress it first (gunzip -k)`);
  if (starts(0x50, 0x4b, 0x03, 0x04)) throw new Error(`${path} is a ZIP archive (an .xlsx workbook?): export the sheet as CSV (UTF-8) first`);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw new Error(`${path} is UTF-16: save it as UTF-8 first`);
  if (format === "ndjson") {
    const text = head.toString("utf8").replace(/^\ufeff/, "").trimStart();
    if (text.startsWith("[")) throw new Error(`${path} holds a JSON array; NDJSON is one JSON object per line (jq -c '.[]' file.json > file.ndjson)`);
  }
}
