import { open } from "node:fs/promises";
import type { FileExtent } from "./file-extent";
import { codecFor, sniffEncoding, type TextEncodingName } from "./text-encoding";

/** One data row of an import file, parsed or not, with where it ends so that a checkpoint can point past it. */
export interface SourceRow {
  /** 1-based number of the data row in the file (header lines not counted). */
  row: number;
  /** Byte offset just after this row: resuming at it continues with the next row. */
  endOffset: number;
  /** The parsed record, or why it could not be parsed (such rows never reach the services). */
  record?: unknown;
  parseError?: string;
  /** The code of a row that could not be read: PARSE_ERROR, or INVALID_ENCODING for bytes that are not text in the file's encoding. */
  parseCode?: "PARSE_ERROR" | "INVALID_ENCODING";
  /** The row as text, kept for the rejected-rows file when it could not be parsed. */
  raw?: string;
  /** The row's own bytes in base64 when they are not text in the file's encoding (raw has U+FFFD for them). */
  rawBase64?: string;
}

export type FileFormat = "ndjson" | "csv";

export interface OpenOptions {
  /** Byte offset to start at (0, or the checkpoint of an earlier run). */
  startOffset: number;
  /** Rows already consumed before startOffset, so that row numbers continue. */
  startRow: number;
  /**
   * The file's text encoding (default UTF-8). A row whose bytes are not text in it is refused as
   * INVALID_ENCODING rather than stored garbled.
   */
  encoding?: TextEncodingName;
  /**
   * The bytes to read: the file as the run opened it, nothing appended since; a last line going on
   * past them is refused as cut (PARSE_ERROR). Without it, the file is read to its end.
   */
  extent?: FileExtent;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Refuses, before anything is imported, a file that cannot be what its format says: compressed, a
 * workbook, UTF-16, text in the other encoding than the one given, or (for NDJSON) one JSON array
 * rather than one object per line. Each would otherwise come out as a refused row per line, with no
 * word of the cause.
 */
export async function checkFileShape(path: string, format: FileFormat, encoding: TextEncodingName = "utf8"): Promise<void> {
  const handle = await open(path, "r");
  let head: Buffer;
  let wholeFile: boolean;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
    wholeFile = bytesRead < buf.length;
  } finally {
    await handle.close();
  }
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) throw new Error(`${path} is gzip-compressed: decompress it first (gunzip -k)`);
  if (starts(0x50, 0x4b, 0x03, 0x04)) throw new Error(`${path} is a ZIP archive (an .xlsx workbook?): export the sheet as CSV (UTF-8) first`);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw new Error(`${path} is UTF-16: save it as UTF-8 first`);
  const sniffed = sniffEncoding(head, wholeFile);
  if (sniffed === "gb18030" && encoding === "utf8") {
    throw new Error(`${path} is not UTF-8: its text reads as GB18030 (GBK), as Excel on a Chinese Windows saves CSV. Pass --encoding gb18030 (or convert it: iconv -f GB18030 -t UTF-8)`);
  }
  if (sniffed === "utf8" && encoding !== "utf8") throw new Error(`${path} reads as UTF-8, not ${codecFor(encoding).label}: leave out --encoding`);
  if (format === "ndjson") {
    const text = codecFor(encoding).decodeLoose(head.subarray(0, 4096)).replace(/^\ufeff/, "").trimStart();
    if (text.startsWith("[")) throw new Error(`${path} holds a JSON array; NDJSON is one JSON object per line (jq -c '.[]' file.json > file.ndjson)`);
    // A CSV file taken for NDJSON would otherwise come out as every row refused (PARSE_ERROR), exit 0.
    const firstLines = text.split("\n").map((line) => line.trim()).filter(Boolean).slice(0, 5);
    if (firstLines.length && !firstLines.some((line) => line.startsWith("{"))) {
      const first = firstLines[0]!.length > 60 ? `${firstLines[0]!.slice(0, 60)}…` : firstLines[0]!;
      throw new Error(`${path} does not read as NDJSON: none of its first lines is a JSON object (the first is "${first}"); a CSV file needs --format csv`);
    }
  }
}
