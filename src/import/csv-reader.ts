import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { ALL_TEXT, fromCsvCells, type CellTypes } from "./csv-cells";
import { lineAt, splitRecord } from "./csv-records";
import { CUT_ROW_MESSAGE } from "./file-extent";
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from "./json-depth";
import { rawBase64, rawText } from "./raw-row";
import type { OpenOptions, SourceRow } from "./source";
import { bomLength, codecFor, type TextCodec } from "./text-encoding";

export { MAX_RAW_BYTES } from "./raw-row";

/** Far above any record: longer, a record is taken for a quote left open and its first line refused. */
export const MAX_CSV_RECORD_BYTES = 16 << 20;

const HEADER_BYTES = 64 * 1024;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

interface Header {
  /** The named columns. */
  columns: string[];
  /** Its cells, unnamed ones at the end included: a row has as many, or as few as the named columns. */
  width: number;
  /** Where the data starts (after the header, and after a byte order mark). */
  dataOffset: number;
}

/** The header line, read within the first `size` bytes (the file as the run opened it). */
async function readHeader(path: string, codec: TextCodec, size = Infinity): Promise<Header> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size), 0);
    const bytes = buf.subarray(0, bytesRead);
    const bom = bomLength(bytes, codec);
    if (bom === bytes.length) throw new Error("the CSV file is empty: it has no header line naming its columns");
    if (bytes[bom] === 0x7b) throw new Error("The CSV header line starts with \"{\": is the file NDJSON? Then pass --format ndjson");
    const split = splitRecord(bytes, bom, bytesRead < buf.length);
    if (split.kind === "more") throw new Error(`CSV header line is longer than ${HEADER_BYTES / 1024} KB`);
    if (split.kind === "invalid") throw new Error(`The CSV header line cannot be read: ${split.message}`);
    const names = split.cells.map((cell) => codec.decode(cell));
    if (names.includes(null)) {
      throw new Error(codec.name === "utf8"
        ? "The CSV header line is not valid UTF-8: a GB18030/GBK file needs --encoding gb18030 (or convert it: iconv -f GB18030 -t UTF-8)"
        : `The CSV header line is not valid ${codec.label} text`);
    }
    const columns = names.map((name) => name!.trim());
    if (columns.every((c) => !c)) throw new Error("the CSV file has no header line naming its columns (its first line is blank)");
    const width = columns.length;
    // Unnamed columns at the end (`status,,`) are what a spreadsheet saves once cells right of the
    // data were touched: ignored, as long as no row has something under them.
    while (!columns[columns.length - 1]) columns.pop();
    // A spreadsheet saved with a semicolon or tab between cells (a European or "text" export) would
    // otherwise come out as one column and every row refused for its missing fields.
    const separator = columns.length === 1 ? /[;\t|]/.exec(columns[0]!)?.[0] : undefined;
    if (separator) throw new Error(`The CSV header line is one column, "${columns[0]}": are the cells separated by ${separator === "\t" ? "tabs" : `"${separator}"`}? Save the file as CSV with commas`);
    const unnamed = columns.findIndex((c) => !c);
    if (unnamed !== -1) throw new Error(`Column ${unnamed + 1} of the CSV header line has no name`);
    const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
    if (repeated) throw new Error(`The CSV header line names column "${repeated}" twice`);
    // "instrument" (one JSON cell) beside "instrument.name": whichever came last would win, unseen.
    const whole = columns.find((c) => columns.some((other) => other.startsWith(`${c}.`)));
    if (whole) throw new Error(`The CSV header line names both "${whole}" and columns inside it ("${columns.find((o) => o.startsWith(`${whole}.`))}"): give the object in one column or in dotted ones, not both`);
    return { columns, width, dataOffset: split.end };
  } finally {
    await handle.close();
  }
}

/** The column names of a CSV file's header line (without unnamed ones at its end). */
export async function csvColumns(path: string, encoding?: OpenOptions["encoding"]): Promise<string[]> {
  return (await readHeader(path, codecFor(encoding))).columns;
}

/** The ideographic space (U+3000) a Chinese input method types, in each encoding's bytes. */
const IDEOGRAPHIC_SPACE: Record<TextCodec["name"], Buffer> = { utf8: Buffer.from([0xe3, 0x80, 0x80]), gb18030: Buffer.from([0xa1, 0xa1]) };

/**
 * A cell of nothing but spaces and tabs, ideographic spaces included, judged on its bytes (before
 * decoding, which a row of blank cells is spared): read from the cell's start, a character boundary,
 * the ideographic space's bytes are that character and no part of another.
 */
function isBlankCell(cell: Buffer, codec: TextCodec): boolean {
  const wide = IDEOGRAPHIC_SPACE[codec.name];
  for (let i = 0; i < cell.length;) {
    const byte = cell[i]!;
    if (byte === SPACE || byte === TAB) i++;
    else if (byte === wide[0] && cell.subarray(i, i + wide.length).equals(wide)) i += wide.length;
    else return false;
  }
  return true;
}

/** A record's bytes without the line end that closes it (CRLF, LF or CR). */
function withoutLineEnd(bytes: Buffer): Buffer {
  const last = bytes[bytes.length - 1];
  if (last === CR) return bytes.subarray(0, -1);
  if (last !== LF) return bytes;
  return bytes.subarray(0, bytes[bytes.length - 2] === CR ? -2 : -1);
}

/**
 * The record of a row's decoded cells, or why it cannot be one (PARSE_ERROR): a JSON cell that is not
 * JSON, a number cell that is not a number, or lists nested too deep for the code that walks them.
 */
function recordOf(row: number, endOffset: number, columns: string[], cells: Buffer[], texts: string[], cellType: CellTypes, codec: TextCodec): SourceRow {
  const named: Record<string, string> = {};
  texts.forEach((text, i) => (named[columns[i]!] = text));
  const refused = (message: string): SourceRow => {
    const raw: Record<string, string> = {};
    cells.forEach((cell, i) => (raw[columns[i]!] = rawText(cell, codec)));
    return { row, endOffset, parseError: message, parseCode: "PARSE_ERROR", raw: JSON.stringify(raw) };
  };
  let record: Record<string, unknown>;
  try {
    record = fromCsvCells(named, cellType);
  } catch (error) {
    return refused((error as Error).message);
  }
  return nestsDeeperThan(record) ? refused(TOO_DEEP_MESSAGE) : { row, endOffset, record };
}

/**
 * Streams a CSV file with a header line from a byte offset, each row with the byte just past it (the
 * checkpoint). A line that is not a record of the header's columns (a stray quote, a quote left open, a
 * row cut short or too long: PARSE_ERROR) is refused alone, and reading goes on with the next line, so
 * that one bad line can neither swallow the rows after it nor have a resumed import read it twice.
 * Each record's cells are decoded in the file's encoding; a record whose bytes are not text in it is
 * INVALID_ENCODING. Splitting works on bytes: no quote, comma or line end is ever part of a character.
 * Blank lines, and rows of empty cells (`,,,`, as spreadsheets leave them), are skipped uncounted.
 * `cellType` says which columns hold numbers or JSON (csvCellType of the kind); by default all is text.
 */
export async function* readCsv(path: string, options: OpenOptions, cellType: CellTypes = ALL_TEXT, maxRecordBytes = MAX_CSV_RECORD_BYTES): AsyncGenerator<SourceRow> {
  const codec = codecFor(options.encoding);
  const { extent } = options;
  const { columns, width, dataOffset } = await readHeader(path, codec, extent?.size);
  const types = new Map(columns.map((column) => [column, cellType(column)]));
  const typeOf: CellTypes = (column) => types.get(column) ?? "text";
  let offset = Math.max(options.startOffset, dataOffset); // the file's byte at buf[pos]
  if (extent && offset >= extent.size) return;
  let row = options.startRow;
  // `end` is inclusive: the extent's last byte.
  const stream = createReadStream(path, { start: offset, end: extent ? extent.size - 1 : undefined, highWaterMark: 1 << 20 });
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let eof = false;
  const readMore = async () => {
    const next = await chunks.next();
    if (next.done) eof = true;
    else {
      buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), next.value]) : next.value;
      pos = 0;
    }
  };
  const advanceTo = (end: number) => {
    offset += end - pos;
    pos = end;
  };
  /** Refuses the line at pos, holding no more than maxRecordBytes of it, and moves past it. */
  const refuseLine = async (message: string): Promise<SourceRow> => {
    let raw: string | undefined;
    for (;;) {
      const line = lineAt(buf, pos, eof);
      if (line) {
        raw ??= rawText(buf.subarray(pos, line.textEnd), codec);
        advanceTo(line.end);
        break;
      }
      if (buf.length - pos > maxRecordBytes) {
        raw ??= rawText(buf.subarray(pos), codec);
        advanceTo(buf.length);
      }
      await readMore();
    }
    return { row: ++row, endOffset: offset, parseError: message, parseCode: "PARSE_ERROR", raw };
  };
  const unnamedWidth = width - columns.length;
  const cellCounts = unnamedWidth ? `${columns.length} columns (and ${unnamedWidth} unnamed after them)` : `${columns.length} columns`;

  try {
    for (;;) {
      if (pos === buf.length) {
        if (eof) break;
        await readMore();
        continue;
      }
      const split = splitRecord(buf, pos, eof);
      if (split.kind === "more") {
        if (buf.length - pos <= maxRecordBytes) await readMore();
        else yield await refuseLine(`No CSV record ends within ${maxRecordBytes} bytes of this line: is a quote left open?`);
        continue;
      }
      if (split.kind === "invalid") {
        yield await refuseLine(`Not a CSV record: ${split.message}`);
        continue;
      }
      if (eof && split.end === buf.length && extent && (await extent.lastLineCut())) {
        const raw = rawText(buf.subarray(pos), codec);
        advanceTo(buf.length);
        yield { row: ++row, endOffset: offset, parseError: CUT_ROW_MESSAGE, parseCode: "PARSE_ERROR", raw };
        continue;
      }
      const { cells } = split;
      if (cells.every((cell) => isBlankCell(cell, codec))) {
        advanceTo(split.end);
        continue;
      }
      if (cells.length < columns.length || cells.length > width) {
        yield await refuseLine(`The row has ${cells.length} cells where the header names ${cellCounts}`);
        continue;
      }
      const bytes = buf.subarray(pos, split.end);
      advanceTo(split.end);
      row++;
      const decoded = codec.decodeRow(cells);
      if ("invalid" in decoded) {
        const raw = JSON.stringify(cells.map((cell) => rawText(cell, codec)));
        yield { row, endOffset: offset, parseError: decoded.invalid, parseCode: "INVALID_ENCODING", raw, rawBase64: rawBase64(withoutLineEnd(bytes)) };
        continue;
      }
      // Judged on the text: the ideographic space a Chinese input method types is blank too.
      const unnamed = decoded.texts.findIndex((text, i) => i >= columns.length && text.trim() !== "");
      if (unnamed !== -1) {
        const raw = JSON.stringify(cells.map((cell) => rawText(cell, codec)));
        const text = decoded.texts[unnamed]!;
        const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
        const message = `Cell ${unnamed + 1} holds ${shown} under a column the header does not name: it has no field to go in (empty the cell, or name its column)`;
        yield { row, endOffset: offset, parseError: message, parseCode: "PARSE_ERROR", raw };
        continue;
      }
      yield recordOf(row, offset, columns, cells.slice(0, columns.length), decoded.texts.slice(0, columns.length), typeOf, codec);
    }
  } finally {
    stream.destroy();
  }
}
