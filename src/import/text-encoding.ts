import { isAscii, isUtf8 } from "node:buffer";

/**
 * The text encodings an import file may be in. UTF-8 is the default; GB18030 is what Excel and WPS on
 * a Chinese Windows save a "CSV" as, and so what a provincial registry's spreadsheet export often is
 * (GB18030 contains GBK and GB2312, so one decoder reads all three).
 *
 * Both keep every byte below 0x80 for ASCII alone (a GB18030 character's later bytes are 0x30-0x39 or
 * 0x40 and above), so a line feed, a comma or a quote is never part of a character: the readers split
 * rows on bytes and count offsets in bytes whatever the encoding, and decode only each row's own bytes.
 */
export type TextEncodingName = "utf8" | "gb18030";

/** The names `--encoding` accepts, lower-cased, for each encoding. */
const ALIASES: Record<string, TextEncodingName> = {
  utf8: "utf8",
  "utf-8": "utf8",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
};

export const ENCODING_NAMES = ["utf8", "gb18030"] as const;

/** The encoding a user's name stands for ("GBK" reads as GB18030), or undefined for one it is not. */
export function parseEncodingName(name: string): TextEncodingName | undefined {
  return Object.hasOwn(ALIASES, name.toLowerCase()) ? ALIASES[name.toLowerCase()] : undefined;
}

/** A row's parts (an NDJSON line, or a CSV record's cells) as text, or why the row is INVALID_ENCODING. */
export type DecodedRow = { texts: string[] } | { invalid: string };

export interface TextCodec {
  name: TextEncodingName;
  /** How messages name it. */
  label: string;
  /** The text of these bytes, or null when they are not text in this encoding. */
  decode(bytes: Buffer): string | null;
  /**
   * One row's parts decoded, judged as a whole: each part must be text in this encoding, and a
   * GB18030 row must not read as UTF-8 (see gb18030.decodeRow).
   */
  decodeRow(parts: readonly Buffer[]): DecodedRow;
  /** The text with each undecodable byte as U+FFFD: what a refused row keeps of itself. */
  decodeLoose(bytes: Buffer): string;
  /** The byte order mark a file in this encoding may start with. */
  bom: Buffer;
  /** Why a row was refused as INVALID_ENCODING. */
  invalidMessage: string;
}

/** Each part decoded, or the codec's own refusal when one of them is not text in it. */
function decodeParts(codec: TextCodec, parts: readonly Buffer[]): DecodedRow {
  const texts: string[] = [];
  for (const part of parts) {
    const text = codec.decode(part);
    if (text === null) return { invalid: codec.invalidMessage };
    texts.push(text);
  }
  return { texts };
}

const utf8: TextCodec = {
  name: "utf8",
  label: "UTF-8",
  decode: (bytes) => (isUtf8(bytes) ? bytes.toString("utf8") : null),
  decodeRow: (parts) => decodeParts(utf8, parts),
  decodeLoose: (bytes) => bytes.toString("utf8"),
  bom: Buffer.from([0xef, 0xbb, 0xbf]),
  invalidMessage: "The row is not valid UTF-8 (a file saved as GB18030/GBK, as Chinese Excel saves CSV: pass --encoding gb18030)",
};

// ignoreBOM: the readers strip a byte order mark themselves, at the start of the file only.
const strictGb18030 = new TextDecoder("gb18030", { fatal: true, ignoreBOM: true });
const looseGb18030 = new TextDecoder("gb18030", { ignoreBOM: true });

const READS_AS_UTF8 = "The row reads as UTF-8, not GB18030 (is the file UTF-8? then leave out --encoding)";

const gb18030: TextCodec = {
  name: "gb18030",
  label: "GB18030",
  decode: (bytes) => {
    try {
      return strictGb18030.decode(bytes);
    } catch {
      return null;
    }
  },
  // Chinese UTF-8 often decodes as valid GB18030 too (as other characters): checking only that the
  // bytes are GB18030 would store a UTF-8 row garbled, unseen when the file's first 64 KB said nothing
  // (all ASCII) or when UTF-8 rows are mixed in. The other way round, GB18030 text forms valid UTF-8
  // about one time in seven for a single character and one in two thousand for four, so a row of
  // real Chinese text almost never does: a row (all its parts together) that is valid UTF-8 and not
  // plain ASCII is taken for UTF-8 and refused rather than guessed at.
  decodeRow: (parts) => {
    const readsAsUtf8 = parts.every((part) => isUtf8(part)) && parts.some((part) => !isAscii(part));
    return readsAsUtf8 ? { invalid: READS_AS_UTF8 } : decodeParts(gb18030, parts);
  },
  decodeLoose: (bytes) => looseGb18030.decode(bytes),
  bom: Buffer.from([0x84, 0x31, 0x95, 0x33]),
  invalidMessage: "The row is not valid GB18030 text (is the file UTF-8? then leave out --encoding)",
};

export const codecFor = (name: TextEncodingName = "utf8"): TextCodec => (name === "gb18030" ? gb18030 : utf8);

/** The length of the byte order mark `bytes` starts with in this encoding, or 0. */
export const bomLength = (bytes: Buffer, codec: TextCodec): number =>
  bytes.length >= codec.bom.length && bytes.subarray(0, codec.bom.length).equals(codec.bom) ? codec.bom.length : 0;

/**
 * What the first bytes of a file say of its encoding: "utf8" or "gb18030" when every line holding a
 * byte above ASCII is text in that encoding and not in the other, null when they cannot tell (only
 * ASCII, a mix, or neither). A file of mostly good rows and a few bad ones is left to be refused row
 * by row; a file wholly in the other encoding is refused before any row, with the option to pass.
 */
export function sniffEncoding(head: Buffer, wholeFile: boolean): TextEncodingName | null {
  if (bomLength(head, utf8)) return "utf8";
  if (bomLength(head, gb18030)) return "gb18030";
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = head.indexOf(0x0a); nl !== -1; nl = head.indexOf(0x0a, start)) {
    lines.push(head.subarray(start, nl));
    start = nl + 1;
  }
  // The last line may be cut inside a character, unless the file ends there.
  if (wholeFile && start < head.length) lines.push(head.subarray(start));
  const texts = lines.filter((line) => line.some((byte) => byte >= 0x80));
  if (!texts.length) return null;
  const asUtf8 = texts.filter((line) => isUtf8(line)).length;
  if (asUtf8 === texts.length) return "utf8";
  if (asUtf8 === 0 && texts.every((line) => gb18030.decode(line) !== null)) return "gb18030";
  return null;
}
