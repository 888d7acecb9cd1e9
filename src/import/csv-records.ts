/**
 * RFC 4180 records split out of bytes, with the byte where each ends, so that a checkpoint can point
 * exactly past any record, good or bad. Quote, comma, CR and LF are ASCII and never occur inside a
 * UTF-8 multi-byte character, so the bytes are split as they are and each cell decoded afterwards.
 */
const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export type SplitResult =
  /** A whole record: its cells' bytes, and the index just past its line end (or the end of the data). */
  | { kind: "record"; cells: Buffer[]; end: number }
  /** Bytes that are not a CSV record; `message` says what is wrong. */
  | { kind: "invalid"; message: string }
  /** The record goes on past the bytes given: read more (never returned when `eof`). */
  | { kind: "more" };

const MORE: SplitResult = { kind: "more" };

/** The index just past the line end at `at` (CRLF, LF or a lone CR), or -1 when more bytes must tell. */
function pastLineEnd(buf: Buffer, at: number, eof: boolean): number {
  if (buf[at] === LF) return at + 1;
  if (at + 1 < buf.length) return buf[at + 1] === LF ? at + 2 : at + 1;
  return eof ? at + 1 : -1;
}

/**
 * The record starting at `start`. Cells are quoted ("a, ""b""") or not; a quote inside an unquoted cell,
 * or anything but a comma or a line end after a closing quote, is invalid, as is a quoted cell still open
 * at the end of the data. Lines end with CRLF, LF or a lone CR (old Mac spreadsheets).
 */
export function splitRecord(buf: Buffer, start: number, eof: boolean): SplitResult {
  const cells: Buffer[] = [];
  let i = start;
  for (;;) {
    const cellNumber = cells.length + 1;
    if (buf[i] === QUOTE && i < buf.length) {
      const parts: Buffer[] = [];
      let from = i + 1;
      for (;;) {
        const quote = buf.indexOf(QUOTE, from);
        if (quote === -1) return eof ? { kind: "invalid", message: `cell ${cellNumber} opens a quote that is never closed` } : MORE;
        if (quote + 1 === buf.length && !eof) return MORE; // a doubled quote or the closing one: the next byte tells
        if (buf[quote + 1] === QUOTE) {
          parts.push(buf.subarray(from, quote + 1));
          from = quote + 2;
          continue;
        }
        parts.push(buf.subarray(from, quote));
        i = quote + 1;
        break;
      }
      cells.push(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      if (i === buf.length) return eof ? { kind: "record", cells, end: i } : MORE;
      const next = buf[i];
      if (next === COMMA) {
        i++;
        continue;
      }
      if (next === LF || next === CR) {
        const end = pastLineEnd(buf, i, eof);
        return end === -1 ? MORE : { kind: "record", cells, end };
      }
      return { kind: "invalid", message: `cell ${cellNumber} has text after its closing quote (a quote inside a quoted cell is written twice: "a ""b"" c")` };
    }
    let j = i;
    for (; j < buf.length; j++) {
      const byte = buf[j];
      if (byte === COMMA || byte === LF || byte === CR) break;
      if (byte === QUOTE) return { kind: "invalid", message: `cell ${cellNumber} has a quote inside it without being quoted (write "a ""b"" c")` };
    }
    if (j === buf.length && !eof) return MORE;
    cells.push(buf.subarray(i, j));
    if (j === buf.length) return { kind: "record", cells, end: j };
    if (buf[j] === COMMA) {
      i = j + 1;
      continue;
    }
    const end = pastLineEnd(buf, j, eof);
    return end === -1 ? MORE : { kind: "record", cells, end };
  }
}

/**
 * Where the physical line starting at `start` ends: `end` just past its line end, `textEnd` before it;
 * null when more bytes must tell. After an invalid record only its first line is refused, and reading
 * goes on with the next: a quote left open would otherwise swallow the lines after it.
 */
export function lineAt(buf: Buffer, start: number, eof: boolean): { textEnd: number; end: number } | null {
  const lf = buf.indexOf(LF, start);
  const cr = buf.indexOf(CR, start);
  const at = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
  if (at === -1) return eof ? { textEnd: buf.length, end: buf.length } : null;
  const end = pastLineEnd(buf, at, eof);
  return end === -1 ? null : { textEnd: at, end };
}
