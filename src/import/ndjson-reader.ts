import { createReadStream } from "node:fs";
import { CUT_ROW_MESSAGE } from "./file-extent";
import type { OpenOptions, SourceRow } from "./source";
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from "./json-depth";
import { rawBase64, rawText } from "./raw-row";
import { codecFor } from "./text-encoding";

const NEWLINE = 0x0a;
/** What String.prototype.trim removes, and nothing else: tested without building the trimmed copy. */
const BLANK = /^\s*$/;
const CR = 0x0d;
/** Far above any record: a longer line is refused (PARSE_ERROR) and skipped, never held in memory. */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Streams an NDJSON file from a byte offset, one parsed line at a time, tracking exact byte offsets
 * (readline hides them, and a checkpoint needs them). Blank lines are skipped but still advance the offset.
 * Lines are split on the byte 0x0A, which is never part of a character in either encoding.
 */
export async function* readNdjson(path: string, options: OpenOptions): AsyncGenerator<SourceRow> {
  for await (const rows of readNdjsonChunks(path, options)) yield* rows;
}

/** readNdjson a block of the file at a time: the rows of each megabyte read (see RowChunks). */
export async function* readNdjsonChunks(path: string, options: OpenOptions): AsyncGenerator<SourceRow[]> {
  const { extent } = options;
  if (extent && options.startOffset >= extent.size) return;
  let offset = options.startOffset;
  let row = options.startRow;
  let carry: Buffer | null = null;
  const codec = codecFor(options.encoding);
  // `end` is inclusive: the extent's last byte.
  const stream = createReadStream(path, { start: options.startOffset, end: extent ? extent.size - 1 : undefined, highWaterMark: 1 << 20 });
  const emit = (line: Buffer, endOffset: number): SourceRow | null => {
    const body = line[line.length - 1] === CR ? line.subarray(0, -1) : line;
    const decoded = codec.decodeRow([body]);
    if ("invalid" in decoded) {
      return { row: ++row, endOffset, parseError: decoded.invalid, parseCode: "INVALID_ENCODING", raw: codec.decodeLoose(body), rawBase64: rawBase64(body) };
    }
    // A byte order mark (Windows tools write one at the start of a file) is not part of the JSON.
    const decodedText = decoded.texts[0]!;
    const text = decodedText.charCodeAt(0) === 0xfeff ? decodedText.slice(1) : decodedText;
    if (BLANK.test(text)) return null;
    row++;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      return { row, endOffset, parseError: (error as Error).message, raw: text };
    }
    if (nestsDeeperThan(record)) return { row, endOffset, parseError: TOO_DEEP_MESSAGE, parseCode: "PARSE_ERROR", raw: rawText(body, codec) };
    return { row, endOffset, record };
  };
  const tooLong = (endOffset: number): SourceRow => ({ row: ++row, endOffset, parseError: `The line is longer than ${MAX_LINE_BYTES} bytes`, raw: "" });
  // Inside a line longer than MAX_LINE_BYTES: its bytes are counted and dropped until it ends.
  let skipping = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const rows: SourceRow[] = [];
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      offset += nl + 1 - start;
      const parsed = skipping || nl - start > MAX_LINE_BYTES ? tooLong(offset) : emit(buf.subarray(start, nl), offset);
      skipping = false;
      start = nl + 1;
      if (parsed) rows.push(parsed);
    }
    if (rows.length) yield rows;
    const rest = buf.length - start;
    if (skipping || rest > MAX_LINE_BYTES) {
      skipping = true;
      offset += rest;
      carry = null;
    } else {
      carry = rest ? Buffer.from(buf.subarray(start)) : null;
    }
  }
  if (skipping) yield [tooLong(offset)];
  else if (carry?.length) {
    offset += carry.length;
    const parsed = extent && (await extent.lastLineCut())
      ? { row: ++row, endOffset: offset, parseError: CUT_ROW_MESSAGE, parseCode: "PARSE_ERROR" as const, raw: rawText(carry, codec) }
      : emit(carry, offset);
    if (parsed) yield [parsed];
  }
}
