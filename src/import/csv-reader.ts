import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { fromCsvCells } from "./csv-cells";
import { NOT_UTF8, type OpenOptions, type SourceRow } from "./source";

/** Far above any record; the reader reads at most a megabyte or two ahead of the records it has given out. */
export const MAX_CSV_RECORD_BYTES = 16 << 20;

/** The header line and where the data starts (after it, and after a UTF-8 byte-order mark). */
async function readHeader(path: string): Promise<{ columns: string[]; dataOffset: number }> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl === -1 && bytesRead === buf.length) throw new Error("CSV header line is longer than 64 KB");
    const end = nl === -1 ? bytesRead : nl;
    if (!isUtf8(buf.subarray(bom, end))) throw new Error("The CSV header line is not valid UTF-8: convert the file first (a GB18030/GBK file: iconv -f GB18030 -t UTF-8)");
    const line = buf.subarray(bom, end).toString("utf8").replace(/\r$/, "");
    const columns = line.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    if (!columns.length || !columns[0]) throw new Error("CSV file has no header line");
    return { columns, dataOffset: nl === -1 ? bytesRead : nl + 1 };
  } finally {
    await handle.close();
  }
}

/**
 * Streams a CSV file with a header line through csv-parse from a byte offset; csv-parse reports the
 * bytes consumed after each record, which (plus where we started) is the checkpoint offset. A record
 * csv-parse cannot read (a stray or unclosed quote, such as a file cut off mid-row) becomes a
 * PARSE_ERROR row in its place, and the rows around it are imported. csv-parse reads the bytes as
 * latin1, one character per byte, so that each cell's bytes can be checked to be UTF-8 before they are
 * decoded (a row that is not becomes INVALID_ENCODING): its quotes, commas and line ends are ASCII alike.
 * A quote opened and never closed makes the rest of the file one cell, which csv-parse would hold in
 * memory to the end: when no record has ended for `maxRecordBytes`, the import stops and says where.
 */
export async function* readCsv(path: string, options: OpenOptions, numericFields: readonly string[] = [], maxRecordBytes = MAX_CSV_RECORD_BYTES): AsyncGenerator<SourceRow> {
  const { columns, dataOffset } = await readHeader(path);
  const start = Math.max(options.startOffset, dataOffset);
  let row = options.startRow;
  let endOffset = start;
  const file = createReadStream(path, { start, highWaterMark: 1 << 20 });
  const parser = file.pipe(
    parse({ columns, info: true, raw: true, skip_empty_lines: true, relax_column_count: true, bom: false, skip_records_with_error: true, encoding: "latin1" }),
  );
  let read = start;
  file.on("data", (chunk: string | Buffer) => {
    read += chunk.length;
    if (read - endOffset > maxRecordBytes) {
      parser.destroy(new Error(`No CSV record ends within ${maxRecordBytes} bytes after byte ${endOffset}: is a quote left open there?`));
      file.destroy();
    }
  });
  // Skips are reported as they are parsed, ahead of the records still buffered for this loop: each is
  // placed after the records parsed before it. Its bytes are not known, so it leaves the offset where
  // it was (a resumed import reads it again, and the rejected file is cut back to match).
  const skipped: { after: number; message: string; raw: string }[] = [];
  parser.on("skip", (error: Error, raw?: string) => skipped.push({ after: parser.info.records, message: error.message, raw: utf8(raw ?? "") }));
  let records = 0;
  const skipsUpTo = function* (count: number): Generator<SourceRow> {
    while (skipped.length && skipped[0]!.after <= count) {
      const skip = skipped.shift()!;
      yield { row: ++row, endOffset, parseError: skip.message, raw: skip.raw };
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { bytes: number } }>) {
    yield* skipsUpTo(records);
    records++;
    row++;
    endOffset = start + info.bytes;
    const { cells, valid } = utf8Cells(record);
    let parsed: SourceRow;
    if (!valid) {
      parsed = { row, endOffset, parseError: NOT_UTF8, parseCode: "INVALID_ENCODING", raw: JSON.stringify(cells) };
    } else {
      try {
        parsed = { row, endOffset, record: fromCsvCells(cells, numericFields) };
      } catch (error) {
        parsed = { row, endOffset, parseError: (error as Error).message, raw: JSON.stringify(cells) };
      }
    }
    yield parsed;
  }
  yield* skipsUpTo(Infinity);
}

/** A latin1 string back to the bytes it was read from, decoded as UTF-8 (invalid bytes as U+FFFD). */
const utf8 = (latin1: string): string => Buffer.from(latin1, "latin1").toString("utf8");

/** The record's cells decoded as UTF-8 (invalid bytes as U+FFFD), and whether every cell was UTF-8. */
function utf8Cells(record: Record<string, string>): { cells: Record<string, string>; valid: boolean } {
  const cells: Record<string, string> = {};
  let valid = true;
  for (const [column, cell] of Object.entries(record)) {
    if (cell === undefined) continue; // a short row (relax_column_count): the cell is absent
    const bytes = Buffer.from(cell, "latin1");
    valid &&= isUtf8(bytes);
    cells[column] = bytes.toString("utf8");
  }
  return { cells, valid };
}
