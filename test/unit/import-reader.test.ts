import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, sizesFor } from "../../src/demo/generator";
import { csvLine, fromCsvCells, toCsvCells, type CellType } from "../../src/import/csv-cells";
import { csvColumns, MAX_RAW_BYTES, readCsv } from "../../src/import/csv-reader";
import { lineAt, splitRecord } from "../../src/import/csv-records";
import { CUT_ROW_MESSAGE, FileExtent } from "../../src/import/file-extent";
import { writeRecords } from "../../src/import/file-writer";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../../src/import/json-depth";
import { csvCellType, IMPORT_KINDS, inferFromFileName } from "../../src/import/kinds";
import { columnNames, isJsonColumn, isKnownColumn, unknownField } from "../../src/import/record-fields";
import { MAX_LINE_BYTES, readNdjson } from "../../src/import/ndjson-reader";
import { RejectedWriter, rejectedFileIntact, type RejectedMark } from "../../src/import/rejected-writer";
import { hash32, scanRepeatedKeys } from "../../src/import/repeated-keys";
import { resolveKindAndFormat } from "../../src/import/preflight";
import { checkFileShape, type SourceRow } from "../../src/import/source";
import { parseEncodingName, sniffEncoding } from "../../src/import/text-encoding";
import { gb18030 } from "../support/gb18030";

const dir = mkdtempSync(path.join(os.tmpdir(), "yrd-import-unit-"));
const certificateCells = csvCellType(IMPORT_KINDS.certificates!);
/** Cell types for made-up columns: these JSON, those numbers, the rest text. */
const cellTypes = (json: string[], numbers: string[] = []) => (column: string): CellType => (json.includes(column) ? "json" : numbers.includes(column) ? "number" : "text");
const all = async (rows: AsyncGenerator<SourceRow>) => {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

describe("the NDJSON reader", () => {
  const file = path.join(dir, "rows.ndjson");
  // CRLF endings, a blank line, multi-byte text and an unparseable line, without a final newline.
  writeFileSync(file, `{"n":1,"name":"杭州"}\r\n\n{"n":2}\n{"n":3,\n{"n":4}`);

  it("yields each row with its number and the byte offset just past it", async () => {
    const rows = await all(readNdjson(file, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.record).toEqual({ n: 1, name: "杭州" });
    expect(rows[0]!.endOffset).toBe(Buffer.byteLength(`{"n":1,"name":"杭州"}\r\n`));
    expect(rows[2]!.parseError).toBeDefined();
    expect(rows[2]!.raw).toBe(`{"n":3,`);
    expect(rows[3]!.endOffset).toBe(Buffer.byteLength(readFileSync(file, "utf8")));
  });

  it("reads a first row that starts with a UTF-8 byte order mark, as Windows tools write", async () => {
    const bom = path.join(dir, "bom.ndjson");
    writeFileSync(bom, `\ufeff{"n":1}\r\n{"n":2}\r\n`);
    const rows = await all(readNdjson(bom, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.record, r.parseError])).toEqual([[{ n: 1 }, undefined], [{ n: 2 }, undefined]]);
    expect(rows[0]!.endOffset).toBe(3 + Buffer.byteLength(`{"n":1}\r\n`));
  });

  it("resumed at a row's end offset, continues with the next row and numbers it on", async () => {
    const rows = await all(readNdjson(file, { startOffset: 0, startRow: 0 }));
    const resumed = await all(readNdjson(file, { startOffset: rows[1]!.endOffset, startRow: 2 }));
    expect(resumed).toEqual(rows.slice(2));
  });

  it("refuses a row that is not UTF-8 (a GB18030 line) as INVALID_ENCODING instead of storing it garbled", async () => {
    const mixed = path.join(dir, "gbk.ndjson");
    // "杭州" in GB18030 is BA BC D6 DD: as UTF-8 those bytes are invalid.
    writeFileSync(mixed, Buffer.concat([Buffer.from(`{"n":1,"name":"杭州"}\n{"n":2,"name":"`), Buffer.from([0xba, 0xbc, 0xd6, 0xdd]), Buffer.from(`"}\n{"n":3}\n`)]));
    const rows = await all(readNdjson(mixed, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record ?? null, r.parseCode ?? null])).toEqual([
      [1, { n: 1, name: "杭州" }, null],
      [2, null, "INVALID_ENCODING"],
      [3, { n: 3 }, null],
    ]);
    expect(rows[1]!.parseError).toMatch(/GB18030/);
    // Its text has U+FFFD where the bytes were; the bytes themselves are kept, so the row can be recovered.
    expect(rows[1]!.raw).toBe(`{"n":2,"name":"\ufffd\ufffd\ufffd\ufffd"}`);
    expect(Buffer.from(rows[1]!.rawBase64!, "base64")).toEqual(readFileSync(mixed).subarray(rows[0]!.endOffset, rows[1]!.endOffset - 1));
    expect(rows[0]!.rawBase64).toBeUndefined();
  });

  it("refuses a record nested deeper than MAX_RECORD_DEPTH as PARSE_ERROR, keeping a bounded part of it, and reads on", async () => {
    const deep = path.join(dir, "deep.ndjson");
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const poison = `{"n":2,"standardCodes":${nested(40_000)}}`; // longer than MAX_RAW_BYTES
    writeFileSync(deep, `{"n":1,"a":${nested(MAX_RECORD_DEPTH - 1)}}\r\n${poison}\r\n{"n":3}\n`);
    const rows = await all(readNdjson(deep, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record === undefined ? r.parseCode : "record"])).toEqual([[1, "record"], [2, "PARSE_ERROR"], [3, "record"]]);
    expect(rows[1]!.parseError).toBe(`The record nests deeper than ${MAX_RECORD_DEPTH} levels of lists and objects`);
    expect(rows[1]!.raw!.startsWith(`{"n":2,"standardCodes":[[[`)).toBe(true);
    expect(Buffer.byteLength(rows[1]!.raw!)).toBeLessThanOrEqual(MAX_RAW_BYTES + 3); // and the "…"
  });

  it("refuses a line longer than MAX_LINE_BYTES without holding it, and reads on with exact offsets", async () => {
    const long = path.join(dir, "long.ndjson");
    const huge = `{"x":"${"a".repeat(MAX_LINE_BYTES * 3)}"}`;
    // Longer than the limit, but short enough to end within the chunk read after the one it starts in.
    const over = `{"y":"${"c".repeat(MAX_LINE_BYTES * 0.5)}","x":"${"c".repeat(MAX_LINE_BYTES * 0.5)}"}`;
    writeFileSync(long, `{"n":1}\n${huge}\n{"n":3}\n${over}\n{"n":5}\n${"b".repeat(MAX_LINE_BYTES + 10)}`);
    const rows = await all(readNdjson(long, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record ?? null, r.parseError ? "PARSE_ERROR" : null])).toEqual([
      [1, { n: 1 }, null],
      [2, null, "PARSE_ERROR"],
      [3, { n: 3 }, null],
      [4, null, "PARSE_ERROR"],
      [5, { n: 5 }, null],
      [6, null, "PARSE_ERROR"],
    ]);
    expect(rows[1]!.endOffset).toBe(8 + huge.length + 1);
    expect(rows[5]!.endOffset).toBe(readFileSync(long).length);
    expect(await all(readNdjson(long, { startOffset: rows[1]!.endOffset, startRow: 2 }))).toEqual(rows.slice(2));
  });
});

describe("the CSV form", () => {
  it("round-trips nested fields, lists, quotes and commas", () => {
    const record = { number: "A,1", scope: `say "hi"`, standardCodes: ["GB/T 19001-2016"], instrument: { name: "卡尺", serialNumber: "S-1" }, value: 0.5 };
    const cells = toCsvCells(record);
    const columns = Object.keys(cells);
    expect(columns).toEqual(["number", "scope", "standardCodes", "instrument.name", "instrument.serialNumber", "value"]);
    expect(csvLine(columns, cells)).toBe(`"A,1","say ""hi""","[""GB/T 19001-2016""]",卡尺,S-1,0.5`);
    expect(fromCsvCells({ number: "A,1", scope: `say "hi"`, standardCodes: `["GB/T 19001-2016"]`, "instrument.name": "卡尺", "instrument.serialNumber": "S-1", value: "0.5", status: "" }, cellTypes(["standardCodes"], ["value"]))).toEqual(record);
  });

  it("reads a number cell only as a plain decimal, after NFKC and trimming; an empty cell is no field", () => {
    const value = (cell: string) => (fromCsvCells({ "uncertainty.value": cell }, csvCellType(IMPORT_KINDS.metrology!)).uncertainty as { value: number } | undefined)?.value;
    for (const [cell, number] of [["2", 2], ["-0.5", -0.5], ["+3", 3], [".5", 0.5], ["1e-3", 0.001], ["1.5E+2", 150], [" 7 ", 7], ["２", 2], ["－１．５", -1.5]] as const) {
      expect([cell, value(cell)]).toEqual([cell, number]);
    }
    expect(value("")).toBeUndefined();
    for (const cell of ["0x10", "0b11", "0o7", " ", "1,5", "NaN", "Infinity", "1e999", "1.", "1.2.3", "2 mm", "e3", "--1"]) {
      expect(() => value(cell)).toThrow(`uncertainty.value: ${JSON.stringify(cell)} is not a number`);
    }
  });

  it("reads records after the header and resumes from a byte offset", async () => {
    const file = path.join(dir, "certificates.csv");
    writeFileSync(file, `\ufeffnumber,scope,standardCodes\r\nC-1,"a, b","[""GB 1-2000""]"\r\nC-2,c,[]\r\nC-3,"multi\nline",\r\n`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, certificateCells));
    expect(rows.map((r) => r.record)).toEqual([
      { number: "C-1", scope: "a, b", standardCodes: ["GB 1-2000"] },
      { number: "C-2", scope: "c", standardCodes: [] },
      { number: "C-3", scope: "multi\nline" },
    ]);
    const resumed = await all(readCsv(file, { startOffset: rows[0]!.endOffset, startRow: 1 }, certificateCells));
    expect(resumed).toEqual(rows.slice(1));
  });

  it("refuses a line that is not a record of the header's columns alone, and reads on with the next line", async () => {
    const file = path.join(dir, "broken.csv");
    const lines = [
      "number,scope,standardCodes",
      "C-1,a,[]",
      `C-2,b"c,[]`, // a quote inside an unquoted cell
      `C-3,"d"e,[]`, // text after a closing quote
      `C-4,"open,[]`, // a quote left open: it would run to the next quote, rows below
      `C-5,f,"[""GB 1-2000""]"`,
      "C-6,short", // a cell missing
      "C-7,g,[],extra", // a cell too many
      "C-8,h,[]",
      `C-9,"cut off`, // the file ends inside a quoted cell
    ];
    writeFileSync(file, lines.join("\n"));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, certificateCells));
    expect(rows.map((r) => [r.row, r.record ?? r.parseError])).toEqual([
      [1, { number: "C-1", scope: "a", standardCodes: [] }],
      [2, expect.stringMatching(/^Not a CSV record: cell 2 has a quote inside it without being quoted/)],
      [3, expect.stringMatching(/^Not a CSV record: cell 2 has text after its closing quote/)],
      [4, expect.stringMatching(/^Not a CSV record: cell 2 has text after its closing quote/)],
      [5, { number: "C-5", scope: "f", standardCodes: ["GB 1-2000"] }],
      [6, "The row has 2 cells where the header names 3 columns"],
      [7, "The row has 4 cells where the header names 3 columns"],
      [8, { number: "C-8", scope: "h", standardCodes: [] }],
      [9, "Not a CSV record: cell 2 opens a quote that is never closed"],
    ]);
    expect(rows.filter((r) => r.parseError).every((r) => r.parseCode === "PARSE_ERROR")).toBe(true);
    expect(rows[3]!.raw).toBe(`C-4,"open,[]`);
    // Each row ends where the next begins, bad ones included: resuming after any row reads exactly the rest.
    expect(rows[8]!.endOffset).toBe(readFileSync(file).length);
    for (const [i, before] of rows.entries()) {
      expect(await all(readCsv(file, { startOffset: before.endOffset, startRow: before.row }, certificateCells))).toEqual(rows.slice(i + 1));
    }
  });

  it("reads CR-only line ends, and skips blank lines and rows of empty cells without counting them", async () => {
    const file = path.join(dir, "mac.csv");
    writeFileSync(file, `number,scope\rC-1,a\r\r,\r  \rC-2,"x\ry"\r,,\r\nC-3,b`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record])).toEqual([
      [1, { number: "C-1", scope: "a" }],
      [2, { number: "C-2", scope: "x\ry" }],
      [3, { number: "C-3", scope: "b" }],
    ]);
    expect(await all(readCsv(file, { startOffset: rows[0]!.endOffset, startRow: 1 }))).toEqual(rows.slice(1));
  });

  it("skips a row whose cells hold only spaces, tabs and ideographic spaces, as NDJSON skips such a line, and reads one with text among them", async () => {
    const file = path.join(dir, "wide-blank.csv");
    writeFileSync(file, "number,scope\nC-1,a\n\u3000,\u3000 \t\n\u3000\u3000\n\u3000x,\u3000\nC-2,b\n");
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record])).toEqual([
      [1, { number: "C-1", scope: "a" }],
      [2, { number: "\u3000x", scope: "\u3000" }], // as typed: the services trim it
      [3, { number: "C-2", scope: "b" }],
    ]);
    expect(await all(readCsv(file, { startOffset: rows[0]!.endOffset, startRow: 1 }))).toEqual(rows.slice(1));
  });

  it("checks each record's bytes are UTF-8: a GB18030 record is INVALID_ENCODING, and offsets stay byte-exact", async () => {
    const file = path.join(dir, "gbk.csv");
    const gbk = Buffer.from([0xba, 0xbc, 0xd6, 0xdd]); // "杭州" in GB18030
    writeFileSync(file, Buffer.concat([Buffer.from("number,name,scope\nC-1,杭州,a\nC-2,"), gbk, Buffer.from(",b\nC-3,\"温州, 浙江\",c\nC-4,"), gbk, Buffer.from(",d\n")]));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => [r.row, r.record ?? null, r.parseCode ?? null])).toEqual([
      [1, { number: "C-1", name: "杭州", scope: "a" }, null],
      [2, null, "INVALID_ENCODING"],
      [3, { number: "C-3", name: "温州, 浙江", scope: "c" }, null],
      [4, null, "INVALID_ENCODING"],
    ]);
    expect(rows[3]!.endOffset).toBe(readFileSync(file).length);
    const resumed = await all(readCsv(file, { startOffset: rows[1]!.endOffset, startRow: 2 }));
    expect(resumed).toEqual(rows.slice(2));
    // The record's bytes as in the file, without its line end: what its U+FFFD text cannot give back.
    expect(Buffer.from(rows[1]!.rawBase64!, "base64")).toEqual(Buffer.concat([Buffer.from("C-2,"), gbk, Buffer.from(",b")]));
  });

  it("refuses a record whose JSON cell nests deeper than MAX_RECORD_DEPTH as PARSE_ERROR, each raw cell bounded", async () => {
    const file = path.join(dir, "deep.csv");
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    writeFileSync(file, `number,standardCodes\nC-1,${nested(MAX_RECORD_DEPTH - 1)}\nC-2,${nested(40_000)}\nC-3,[]\n`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, certificateCells));
    expect(rows.map((r) => [r.row, r.record === undefined ? r.parseCode : "record"])).toEqual([[1, "record"], [2, "PARSE_ERROR"], [3, "record"]]);
    expect(rows[1]!.parseError).toMatch(/nests deeper than 32 levels/);
    const raw = JSON.parse(rows[1]!.raw!) as Record<string, string>;
    expect(raw.number).toBe("C-2");
    expect(Buffer.byteLength(raw.standardCodes!)).toBeLessThanOrEqual(MAX_RAW_BYTES + 3);
  });

  it("refuses a number cell that is not a plain decimal as PARSE_ERROR, naming the column and keeping the cells", async () => {
    const file = path.join(dir, "numbers.csv");
    writeFileSync(file, `number,uncertainty.value\nM-1,0.5\nM-2,"1,5"\nM-3,０．２５\nM-4,\n`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, csvCellType(IMPORT_KINDS.metrology!)));
    expect(rows.map((r) => [r.row, r.record ?? r.parseError, r.parseCode ?? null])).toEqual([
      [1, { number: "M-1", uncertainty: { value: 0.5 } }, null],
      [2, `uncertainty.value: "1,5" is not a number`, "PARSE_ERROR"],
      [3, { number: "M-3", uncertainty: { value: 0.25 } }, null],
      [4, { number: "M-4" }, null],
    ]);
    expect(JSON.parse(rows[1]!.raw!)).toEqual({ number: "M-2", "uncertainty.value": "1,5" });
  });

  it("takes a record longer than the limit for a quote left open: refuses its first line, keeps a bounded part of it, and reads on", async () => {
    const file = path.join(dir, "open-quote.csv");
    const following = 600_000; // 3.6 MB of rows after the open quote, beyond the 3 MB limit of this test
    writeFileSync(file, `number,name\nC-1,a\nC-2,"never closed\n${"C-x,y\n".repeat(following)}`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, undefined, 3 << 20));
    expect(rows).toHaveLength(following + 2);
    expect(rows[1]).toMatchObject({ row: 2, parseCode: "PARSE_ERROR", raw: `C-2,"never closed`, parseError: expect.stringMatching(/No CSV record ends within 3145728 bytes/) });
    expect(rows.slice(2).every((r, i) => r.row === i + 3 && (r.record as { name: string }).name === "y")).toBe(true);

    const endless = path.join(dir, "endless-line.csv");
    writeFileSync(endless, `number,name\nC-1,"${"z".repeat((3 << 20) + 100)}\nC-2,b\n`);
    const skipped = await all(readCsv(endless, { startOffset: 0, startRow: 0 }, undefined, 1 << 20));
    expect(skipped.map((r) => [r.row, r.parseCode ?? r.record])).toEqual([[1, "PARSE_ERROR"], [2, { number: "C-2", name: "b" }]]);
    expect(skipped[0]!.raw!.length).toBeLessThanOrEqual(MAX_RAW_BYTES + 1);
  });

  it("refuses a file whose cells are separated by semicolons or tabs, saying so", async () => {
    for (const [name, text, said] of [["semicolon.csv", "number;scope\nC-1;a\n", `";"`], ["tabs.csv", "number\tscope\nC-1\ta\n", "tabs"]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      await expect(all(readCsv(file, { startOffset: 0, startRow: 0 }))).rejects.toThrow(`are the cells separated by ${said}? Save the file as CSV with commas`);
    }
  });

  it("refuses a file whose header line is not UTF-8, naming the option for a GB18030 file", async () => {
    const file = path.join(dir, "gbk-header.csv");
    writeFileSync(file, Buffer.concat([Buffer.from([0xb1, 0xe0, 0xba, 0xc5]), Buffer.from(",name\nC-1,a\n")])); // "编号" in GB18030
    await expect(all(readCsv(file, { startOffset: 0, startRow: 0 }))).rejects.toThrow(/not valid UTF-8: a GB18030\/GBK file needs --encoding gb18030/);
    expect((await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }))).map((r) => r.record)).toEqual([{ 编号: "C-1", name: "a" }]);
  });
});

describe("text cells that start with [ or {", () => {
  it("are JSON only under a list or an object not dotted into columns; under any other field they are text", () => {
    const { certificates, institutions, metrology, enterprises } = IMPORT_KINDS;
    expect(isJsonColumn("standardCodes", certificates!.fields)).toBe(true);
    expect(isJsonColumn("accreditations", institutions!.fields)).toBe(true);
    expect(isJsonColumn("instrument", metrology!.fields)).toBe(true); // an object in one cell
    for (const column of ["scope", "number", "status"]) expect(isJsonColumn(column, certificates!.fields)).toBe(false);
    expect(isJsonColumn("instrument.name", metrology!.fields)).toBe(false);
    expect(isJsonColumn("name", enterprises!.fields)).toBe(false);
    expect(isJsonColumn("Scope", certificates!.fields)).toBe(false);

    const cells = { number: "[2024]-1", scope: "[出口]家用电器", standardCodes: `["GB 4706.1-2005"]` };
    expect(fromCsvCells(cells, certificateCells)).toEqual({ number: "[2024]-1", scope: "[出口]家用电器", standardCodes: ["GB 4706.1-2005"] });
    expect(fromCsvCells({ name: "[测试]合肥公司" }, csvCellType(enterprises!))).toEqual({ name: "[测试]合肥公司" });
    expect(fromCsvCells({ scope: "{试点}" }, certificateCells)).toEqual({ scope: "{试点}" });
    // A list given as text stays text, for the service to refuse as NOT_A_LIST (as from NDJSON).
    expect(fromCsvCells({ standardCodes: "GB 4706.1-2005" }, certificateCells)).toEqual({ standardCodes: "GB 4706.1-2005" });
    expect(() => fromCsvCells({ standardCodes: "[GB 4706.1-2005]" }, certificateCells)).toThrow(/^standardCodes: /);
    expect(fromCsvCells({ "instrument.name": "[A]卡尺" }, csvCellType(metrology!))).toEqual({ instrument: { name: "[A]卡尺" } });
  });

  it("are written as they are and read back as the same text, so that NDJSON converted to CSV loses no row", async () => {
    const [holder] = [...generateEnterprises({ ...sizesFor(5, 9), enterprises: 1 })];
    const [certificate] = [...generateCertificates(sizesFor(1, 9), [holder!])];
    const records = [
      { ...certificate!, scope: "[出口]家用电器", number: "{A}-1" },
      { ...certificate!, scope: `[a, "b"]`, number: "[B]" },
      { ...certificate!, scope: "[]" },
    ];
    const file = path.join(dir, "bracket-certificates.csv");
    await writeRecords(file, "csv", records as Record<string, unknown>[]);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, certificateCells));
    expect(rows.map((r) => r.record ?? r.parseError)).toEqual(records);
  });
});

describe("a CSV header with unnamed columns at its end, as a spreadsheet saves once cells right of the data were touched", () => {
  it("ignores them while their cells are empty, and refuses alone a row with something under one", async () => {
    const file = path.join(dir, "trailing-columns.csv");
    writeFileSync(file, [
      "number,scope,standardCodes,,",
      "C-1,a,[],,",
      "C-2,b,[], ,\t\u3000", // blank is empty, the ideographic space included
      `C-3,c,[],,"x, y"`,
      "C-4,d,[]", // the unnamed cells left out: empty too
      "C-5,e,[],,,", // a cell more than the header has
      "C-6,f,[],,",
    ].join("\r\n"));
    expect(await csvColumns(file)).toEqual(["number", "scope", "standardCodes"]);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, certificateCells));
    expect(rows.map((r) => [r.row, r.record ?? r.parseError, r.parseCode ?? null])).toEqual([
      [1, { number: "C-1", scope: "a", standardCodes: [] }, null],
      [2, { number: "C-2", scope: "b", standardCodes: [] }, null],
      [3, `Cell 5 holds "x, y" under a column the header does not name: it has no field to go in (empty the cell, or name its column)`, "PARSE_ERROR"],
      [4, { number: "C-4", scope: "d", standardCodes: [] }, null],
      [5, "The row has 6 cells where the header names 3 columns (and 2 unnamed after them)", "PARSE_ERROR"],
      [6, { number: "C-6", scope: "f", standardCodes: [] }, null],
    ]);
    expect(JSON.parse(rows[2]!.raw!)).toEqual(["C-3", "c", "[]", "", "x, y"]);
    for (const [i, before] of rows.entries()) {
      expect(await all(readCsv(file, { startOffset: before.endOffset, startRow: before.row }, certificateCells))).toEqual(rows.slice(i + 1));
    }
  });

  it("refuses a header naming an object both as one JSON column and as dotted columns inside it, in either order", async () => {
    for (const header of ["number,instrument,instrument.name", "number,instrument.name,instrument"]) {
      const file = path.join(dir, "object-twice.csv");
      writeFileSync(file, `${header}\nM-1,"{""name"":""a""}",b\n`);
      await expect(csvColumns(file)).rejects.toThrow(/names both "instrument" and columns inside it \("instrument\.name"\)/);
    }
  });

  it("reads a list cell with spaces typed before it as the list", () => {
    expect(fromCsvCells({ standardCodes: ` ["GB 4706.1-2005"]` }, (c) => (c === "standardCodes" ? "json" : "text"))).toEqual({ standardCodes: ["GB 4706.1-2005"] });
  });

  it("still refuses the file for an unnamed column before a named one", async () => {
    const file = path.join(dir, "unnamed-middle.csv");
    writeFileSync(file, "number,,scope,,\nC-1,,a,,\n");
    await expect(csvColumns(file)).rejects.toThrow("Column 2 of the CSV header line has no name");
  });
});

describe("the bytes one run reads", () => {
  it("end at the size the file had when the run opened it: rows appended since are not read", async () => {
    for (const [format, header, lines] of [
      ["ndjson", "", [`{"n":1}`, `{"n":2}`]],
      ["csv", "number,scope\n", ["C-1,a", "C-2,b"]],
    ] as const) {
      const file = path.join(dir, `growing.${format}`);
      writeFileSync(file, `${header}${lines.join("\n")}\n`);
      const extent = new FileExtent(file, readFileSync(file).length);
      appendFileSync(file, format === "csv" ? "C-3,c\n" : `{"n":3}\n`);
      const read = (startOffset: number, startRow: number) =>
        all(format === "csv" ? readCsv(file, { startOffset, startRow, extent }, certificateCells) : readNdjson(file, { startOffset, startRow, extent }));
      const rows = await read(0, 0);
      expect(rows.map((r) => r.row)).toEqual([1, 2]);
      expect(rows[1]!.endOffset).toBe(extent.size);
      expect(await read(rows[0]!.endOffset, 1)).toEqual(rows.slice(1));
      expect(await read(extent.size, 2)).toEqual([]); // a run resumed at the end reads nothing
    }
  });

  it("refuse a last line that the end cuts (a file still being written) as PARSE_ERROR, not as a row cut short", async () => {
    for (const [format, text, whole] of [
      ["ndjson", `{"n":1}\n{"n":2,"status":"WITHDRAWN"}\n`, { n: 1 }],
      ["csv", "number,status\nC-1,ACTIVE\nC-2,WITHDRAWN\n", { number: "C-1", status: "ACTIVE" }],
    ] as const) {
      const file = path.join(dir, `being-written.${format}`);
      // Cut inside the last cell: read to its end, C-2 would be stored with a status it does not have.
      const cut = text.indexOf("WITHDRAWN") + 2;
      writeFileSync(file, text.slice(0, cut));
      const extent = new FileExtent(file, cut);
      appendFileSync(file, text.slice(cut));
      const read = () => all(format === "csv" ? readCsv(file, { startOffset: 0, startRow: 0, extent }, certificateCells) : readNdjson(file, { startOffset: 0, startRow: 0, extent }));
      const rows = await read();
      expect(rows.map((r) => [r.row, r.record ?? r.parseError, r.parseCode ?? null])).toEqual([[1, whole, null], [2, CUT_ROW_MESSAGE, "PARSE_ERROR"]]);
      expect(rows[1]!.raw).toBe(text.slice(text.lastIndexOf("\n", text.length - 2) + 1, cut));
      expect(rows[1]!.endOffset).toBe(cut);
    }
  });

  it("take a last line without a line end for the file's last row when nothing, or a line end, follows; decided once a run", async () => {
    const file = path.join(dir, "no-final-newline.ndjson");
    writeFileSync(file, `{"n":1}\n{"n":2}`);
    const extent = new FileExtent(file, readFileSync(file).length);
    const read = (of: FileExtent) => all(readNdjson(file, { startOffset: 0, startRow: 0, extent: of }));
    expect((await read(extent)).map((r) => r.record)).toEqual([{ n: 1 }, { n: 2 }]);
    // Written on after the run's first reading reached its end: the same run still reads the same rows
    // (its scan for repeated keys and its batches agree); a run opening the file now finds the line cut.
    appendFileSync(file, `,"x":1}`);
    expect((await read(extent)).map((r) => r.record)).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await read(new FileExtent(file, extent.size)))[1]!.parseError).toBe(CUT_ROW_MESSAGE);
    // A line end right after the extent: its last line was whole.
    writeFileSync(file, `{"n":1}\n{"n":2}\r\n{"n":3}\n`);
    const whole = new FileExtent(file, Buffer.byteLength(`{"n":1}\n{"n":2}`));
    expect((await read(whole)).map((r) => r.record)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe("splitting CSV records out of bytes read in chunks", () => {
  const text = `a,"b ""q"", c",杭州\r\n"x\ny",,z\rlast,"",end`;
  const bytes = Buffer.from(text);
  const whole = (() => {
    const out: string[][] = [];
    for (let at = 0; at < bytes.length; ) {
      const split = splitRecord(bytes, at, true);
      if (split.kind !== "record") throw new Error(split.kind);
      out.push(split.cells.map((c) => c.toString("utf8")));
      at = split.end;
    }
    return out;
  })();

  it("splits quoted, doubled-quote, multi-line and empty cells at CRLF, LF and CR", () => {
    expect(whole).toEqual([["a", `b "q", c`, "杭州"], ["x\ny", "", "z"], ["last", "", "end"]]);
  });

  it("never splits a record differently when the bytes so far end anywhere inside it", () => {
    const firstEnd = Buffer.byteLength(`a,"b ""q"", c",杭州\r\n`);
    let cutsGivingTheRecord = 0;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const prefix = bytes.subarray(0, cut);
      const split = splitRecord(prefix, 0, false);
      if (split.kind === "more") continue;
      expect(split.kind).toBe("record");
      if (split.kind !== "record") continue;
      expect(split.cells.map((c) => c.toString("utf8"))).toEqual(whole[0]);
      expect(split.end).toBe(firstEnd);
      const line = lineAt(prefix, 0, false);
      if (line) expect(line.end).toBe(split.end);
      cutsGivingTheRecord++;
    }
    expect(cutsGivingTheRecord).toBe(bytes.length - firstEnd + 1); // every cut from the first line end on gives the record
  });
});

describe("the keys that end a batch before a repeat", () => {
  it("are the keys as each service normalises them, and null where the service refuses the record anyway", () => {
    const { enterprises, institutions, standards, certificates, metrology, agreements } = IMPORT_KINDS;
    expect(enterprises!.key!({ uscc: "91310104-am62dyew9p" })).toBe("91310104AM62DYEW9P");
    expect(enterprises!.key!({ uscc: "91310104AM62DYEW9X" })).toBeNull(); // wrong check character
    expect(standards!.key!({ code: "gb/t  19001-2016" })).toBe("GB/T 19001-2016");
    expect(institutions!.key!({ id: "CB-SH-01" })).toBe("CB-SH-01");
    expect(institutions!.key!({ id: 7 })).toBeNull();
    expect(certificates!.key!({ issuerId: "CB-SH-01", number: "C-1" })).not.toBe(certificates!.key!({ issuerId: "CB-SH-02", number: "C-1" }));
    expect(metrology!.key!({ issuerId: "MET-SH-01" })).toBeNull();
    // An agreement is keyed by its id as defineRecognitionAgreement reads it: a file's last row of an id wins.
    expect(agreements!.key!({ id: " YRD-2020 " })).toBe("YRD-2020");
    expect(agreements!.key!({ title: "no id" })).toBeNull();
  });
});

describe("the fields a row may have", () => {
  it("are the import mutation's input fields, nested input types looked into", () => {
    const metrology = IMPORT_KINDS.metrology!.fields;
    expect(isKnownColumn("instrument.name", metrology)).toBe(true);
    expect(isKnownColumn("uncertainty.value", metrology)).toBe(true);
    expect(isKnownColumn("instrument.colour", metrology)).toBe(false);
    expect(isKnownColumn("number.x", metrology)).toBe(false);
    expect(columnNames(metrology)).toEqual(expect.arrayContaining(["number", "instrument.serialNumber", "uncertainty.coverageFactor"]));
    expect(unknownField({ number: "M-1", instrument: { name: "卡尺", colour: "red" } }, metrology)).toBe("instrument.colour");
    const institutions = IMPORT_KINDS.institutions!.fields;
    // A list of objects is one JSON cell in CSV, not dotted columns.
    expect(columnNames(institutions)).toEqual(["id", "name", "kind", "province", "accreditations"]);
    expect(isKnownColumn("accreditations.scheme", institutions)).toBe(false);
    expect(unknownField({ id: "X", accreditations: [{ scheme: "CNAS" }, { scheme: "CMA", grade: "A" }] }, institutions)).toBe("accreditations[1].grade");
    // Wrong types are the service's to refuse, with its own codes.
    expect(unknownField({ id: 7, accreditations: "none" }, institutions)).toBeNull();
    expect(unknownField({ Status: "ACTIVE" }, IMPORT_KINDS.certificates!.fields)).toBe("Status");
  });
});

describe("kind and format from the file name", () => {
  it.each([
    ["data/certificates.ndjson", "certificates", "ndjson"],
    ["/x/zj-enterprises-2026.csv", "enterprises", "csv"],
    ["institutions.jsonl", "institutions", "ndjson"],
    ["dump.txt", undefined, undefined],
    ["standards-2026.csv", "standards", "csv"],
  ])("%s", (file, kind, format) => {
    expect(inferFromFileName(file)).toEqual({ kind, format });
  });

  it("infers no kind from a name that matches several, and says which to choose from", () => {
    expect(inferFromFileName("zj-enterprise-certificates.ndjson")).toEqual({ format: "ndjson", ambiguous: ["enterprises", "certificates"] });
    expect(inferFromFileName("metrology-standards.csv")).toEqual({ format: "csv", ambiguous: ["standards", "metrology"] });
    expect(() => resolveKindAndFormat({ file: "zj-enterprise-certificates.ndjson" })).toThrow(
      /name of zj-enterprise-certificates\.ndjson matches several kinds \(enterprises, certificates\): pass --kind/,
    );
    expect(resolveKindAndFormat({ file: "zj-enterprise-certificates.ndjson", kind: "certificates" }).kind.name).toBe("certificates");
  });
});

describe("files saved as GB18030 (GBK), as Excel on a Chinese Windows saves CSV", () => {
  const rowsOf = (rows: SourceRow[]) => rows.map((r) => [r.row, r.record ?? null, r.parseCode ?? null]);

  it("reads CSV rows in GB18030 with --encoding gb18030: text decoded, quotes and commas inside cells kept, offsets byte-exact", async () => {
    const file = path.join(dir, "gb18030.csv");
    // A GB18030 byte order mark, as some tools write, then a quoted cell holding a comma and a quote.
    const bytes = Buffer.concat([
      Buffer.from([0x84, 0x31, 0x95, 0x33]),
      gb18030(`number,name,scope\r\nC-1,杭州海纳食品有限公司,"电线电缆, ""低压"""\r\nC-2,合肥联创电气有限公司,绿色产品评价\r\n`),
    ]);
    writeFileSync(file, bytes);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(rows)).toEqual([
      [1, { number: "C-1", name: "杭州海纳食品有限公司", scope: `电线电缆, "低压"` }, null],
      [2, { number: "C-2", name: "合肥联创电气有限公司", scope: "绿色产品评价" }, null],
    ]);
    expect(rows[1]!.endOffset).toBe(bytes.length);
    expect(await all(readCsv(file, { startOffset: rows[0]!.endOffset, startRow: 1, encoding: "gb18030" }))).toEqual(rows.slice(1));
  });

  it("skips a GB18030 row of ideographic spaces (A1 A1) as blank, and reads a cell of 啊 (B0 A1) followed by one as text", async () => {
    const file = path.join(dir, "gb18030-wide-blank.csv");
    writeFileSync(file, gb18030("number,name\nC-1,杭州\n\u3000,\u3000\u3000\nC-2,啊\u3000\n"));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(rows)).toEqual([[1, { number: "C-1", name: "杭州" }, null], [2, { number: "C-2", name: "啊\u3000" }, null]]);
  });

  it("refuses a row that is not GB18030 text as INVALID_ENCODING, keeping it readable in the rejected-rows file", async () => {
    const file = path.join(dir, "gb18030-bad.csv");
    // 0x81 0x20: a lead byte followed by a space is no GB18030 character.
    writeFileSync(file, Buffer.concat([gb18030("number,name\nC-1,杭州\nC-2,"), Buffer.from([0x81, 0x20]), gb18030("温州\nC-3,宁波\n")]));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(rows)).toEqual([[1, { number: "C-1", name: "杭州" }, null], [2, null, "INVALID_ENCODING"], [3, { number: "C-3", name: "宁波" }, null]]);
    expect(rows[1]!.parseError).toMatch(/not valid GB18030/);
    expect(rows[1]!.raw).toContain("温州");
  });

  it("refuses, with --encoding gb18030, a row that reads as UTF-8, which GB18030 would store garbled", async () => {
    const ndjson = path.join(dir, "mixed-gb18030.ndjson");
    const utf8Line = Buffer.from(`{"name":"杭州海纳食品有限公司"}`);
    expect(new TextDecoder("gb18030", { fatal: true }).decode(utf8Line)).not.toContain("杭州"); // valid GB18030, other characters
    writeFileSync(ndjson, Buffer.concat([gb18030(`{"name":"芜湖"}\n`), utf8Line, gb18030(`\n{"name":"ascii"}\n`)]));
    const lines = await all(readNdjson(ndjson, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(lines)).toEqual([[1, { name: "芜湖" }, null], [2, null, "INVALID_ENCODING"], [3, { name: "ascii" }, null]]);
    expect(lines[1]!.parseError).toMatch(/reads as UTF-8, not GB18030.*leave out --encoding/);
    expect(lines[1]!.raw).toBe(new TextDecoder("gb18030").decode(utf8Line));
    expect(Buffer.from(lines[1]!.rawBase64!, "base64")).toEqual(utf8Line);

    // A UTF-8 CSV whose first 64 KB is ASCII passes the check of the file's head; its Chinese rows do not.
    const csv = path.join(dir, "ascii-head.csv");
    const head = Array.from({ length: 800 }, (_, i) => `C-${i},Enterprise ${i} ${"x".repeat(80)},a\n`).join("");
    writeFileSync(csv, Buffer.concat([Buffer.from(`number,name,scope\n${head}C-u,杭州海纳食品有限公司,绿色产品评价\n`), gb18030("C-g,杭州海纳食品有限公司,绿色产品评价\n")]));
    await expect(checkFileShape(csv, "csv", "gb18030")).resolves.toBeUndefined();
    const records = (await all(readCsv(csv, { startOffset: 0, startRow: 0, encoding: "gb18030" }))).slice(-2);
    expect(rowsOf(records)).toEqual([[801, null, "INVALID_ENCODING"], [802, { number: "C-g", name: "杭州海纳食品有限公司", scope: "绿色产品评价" }, null]]);
    expect(records[0]!.parseError).toMatch(/reads as UTF-8, not GB18030/);
  });

  it("judges a CSV record's encoding as a whole: a short GB18030 cell that is valid UTF-8 alone does not refuse its record", async () => {
    const file = path.join(dir, "short-cells.csv");
    expect(gb18030("支")).toEqual(Buffer.from([0xd6, 0xa7])); // as UTF-8: U+05A7
    writeFileSync(file, gb18030("number,name,scope\nC-1,支,绿色产品评价\nC-2,支,a\n"));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    // The first record's other cell is not UTF-8, so it is GB18030; the second is wholly valid UTF-8.
    expect(rowsOf(rows)).toEqual([[1, { number: "C-1", name: "支", scope: "绿色产品评价" }, null], [2, null, "INVALID_ENCODING"]]);
  });

  it("reads NDJSON in GB18030 line by line, with a byte order mark on the first line", async () => {
    const file = path.join(dir, "gb18030.ndjson");
    const bytes = Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), gb18030(`{"name":"芜湖","scope":"计量"}\n\n{"name":"南京"}\n`)]);
    writeFileSync(file, bytes);
    const rows = await all(readNdjson(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(rows)).toEqual([[1, { name: "芜湖", scope: "计量" }, null], [2, { name: "南京" }, null]]);
    expect(rows[1]!.endOffset).toBe(bytes.length);
  });

  it("tells the encoding of a file from its first lines only when every line with text agrees", () => {
    const chinese = gb18030("C-1,杭州\nC-2,温州\n");
    expect(sniffEncoding(chinese, true)).toBe("gb18030");
    expect(sniffEncoding(Buffer.from("C-1,杭州\nC-2,温州\n"), true)).toBe("utf8");
    expect(sniffEncoding(Buffer.from("C-1,a\nC-2,b\n"), true)).toBeNull(); // ASCII reads the same in both
    // A UTF-8 file with one GB18030 row: mostly right, so its bad row is refused alone.
    expect(sniffEncoding(Buffer.concat([Buffer.from("C-1,杭州\nC-2,"), gb18030("温州"), Buffer.from("\nC-3,宁波\n")]), true)).toBeNull();
    // The last line of a head that is not the whole file may end inside a character: it is not judged.
    const cut = Buffer.concat([Buffer.from("C-1,杭州\nC-2,"), Buffer.from("温州").subarray(0, 4)]);
    expect(sniffEncoding(cut, false)).toBe("utf8");
    expect(parseEncodingName("GBK")).toBe("gb18030");
    expect(parseEncodingName("UTF-8")).toBe("utf8");
    expect(parseEncodingName("latin1")).toBeUndefined();
    expect(parseEncodingName("constructor")).toBeUndefined();
  });

  it("refuses, before any row, a file in the other encoding than the one given, naming the option to pass", async () => {
    const gbkFile = path.join(dir, "whole-gbk.csv");
    writeFileSync(gbkFile, gb18030("number,name\nC-1,杭州\nC-2,温州\n"));
    await expect(checkFileShape(gbkFile, "csv")).rejects.toThrow(/reads as GB18030 \(GBK\).*Pass --encoding gb18030/);
    await expect(checkFileShape(gbkFile, "csv", "gb18030")).resolves.toBeUndefined();
    const utf8File = path.join(dir, "whole-utf8.csv");
    writeFileSync(utf8File, "number,name\nC-1,杭州\n");
    await expect(checkFileShape(utf8File, "csv", "gb18030")).rejects.toThrow(/reads as UTF-8, not GB18030: leave out --encoding/);
    await expect(checkFileShape(utf8File, "csv")).resolves.toBeUndefined();
  });
});

describe("the dataset generator", () => {
  it("is deterministic, and bad rows leave the valid rows as they were", () => {
    const good = [...generateEnterprises(sizesFor(500, 3))];
    const withBad = [...generateEnterprises(sizesFor(500, 3, 0.1))];
    expect([...generateEnterprises(sizesFor(500, 3))]).toEqual(good);
    const changed = withBad.filter((e, i) => e.uscc !== good[i]!.uscc || e.name !== good[i]!.name);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(30);
    const certificates = [...generateCertificates(sizesFor(500, 3), good)];
    expect(certificates).toHaveLength(500);
    expect(new Set(certificates.map((c) => c.number)).size).toBe(500);
  });
});

describe("the nesting depth of a record", () => {
  it("counts lists and objects, a record of scalars being 1, without recursion however deep", () => {
    expect(nestsDeeperThan("text", 0)).toBe(false);
    expect(nestsDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [[]] }, 2)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`))).toBe(true);
  });
});

const EMPTY = { bytes: 0, tail: null };

/** A rejected file as a finished run left it, one row listed; returns what its checkpoint recorded. */
function writtenWithOneRow(file: string, message: string): RejectedMark {
  const writer = new RejectedWriter(file, EMPTY);
  writer.append([{ row: 3, code: "REQUIRED", field: "name", message }]);
  const committed = writer.mark;
  writer.close();
  return committed;
}

describe("the rejected-rows file", () => {
  it("says when it is shorter than the checkpoint records: deleted or cut since the run that wrote it", () => {
    const file = path.join(dir, "gone.ndjson.rejected.ndjson");
    const committed = writtenWithOneRow(file, "name must not be empty");
    const intact = new RejectedWriter(file, committed);
    expect(intact.incomplete).toBe(false);
    intact.close();
    rmSync(file);
    const resumed = new RejectedWriter(file, committed);
    expect([resumed.incomplete, resumed.bytes]).toEqual([true, 0]);
    resumed.close();
  });

  it("tells a file replaced since (another import of the same path, as another kind) from its own, and starts afresh", () => {
    const file = path.join(dir, "replaced.ndjson.rejected.ndjson");
    const committed = writtenWithOneRow(file, "this import's");
    // The other import rewrote the path with more lines than the checkpoint's length.
    const other = new RejectedWriter(file, EMPTY);
    other.append([1, 2, 3].map((row) => ({ row, code: "UNKNOWN_FIELD", field: "number", message: "another import's" })));
    other.close();
    expect(rejectedFileIntact(file, committed)).toBe(false);
    expect(rejectedFileIntact(file, { bytes: committed.bytes, tail: null })).toBe(true); // the length alone could not tell
    const resumed = new RejectedWriter(file, committed);
    expect([resumed.incomplete, resumed.bytes]).toEqual([true, 0]);
    resumed.append([{ row: 9, code: "DATE_ORDER", field: "validUntil", message: "after the resume" }]);
    resumed.close();
    expect(readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l).message)).toEqual(["after the resume"]);
  });

  it("fingerprints the last 4 KiB it holds, across appends and a resume, as a fresh reading of the file does", () => {
    const file = path.join(dir, "tail.ndjson.rejected.ndjson");
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ row: from + i, code: "REQUIRED", field: "name", message: "x".repeat(90) }));
    const first = new RejectedWriter(file, EMPTY);
    first.append(rows(1, 3));
    first.append(rows(4, 80)); // longer than the fingerprinted tail on its own
    first.append(rows(84, 2));
    const committed = first.mark;
    first.close();
    expect(committed.bytes).toBeGreaterThan(8192);
    expect(rejectedFileIntact(file, committed)).toBe(true);
    const resumed = new RejectedWriter(file, committed);
    expect(resumed.incomplete).toBe(false);
    resumed.append(rows(86, 1));
    const after = resumed.mark;
    resumed.close();
    expect(rejectedFileIntact(file, after)).toBe(true);
    expect(new RejectedWriter(file, after).mark).toEqual(after);
  });

  it("writes a row whose record JSON cannot serialise without it, with a note, instead of stopping the import", () => {
    const file = path.join(dir, "deep.ndjson.rejected.ndjson");
    const writer = new RejectedWriter(file, EMPTY);
    const deep = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    writer.append([
      { row: 1, code: "INVALID_RECORD", field: null, message: "A value has the wrong type", record: { standardCodes: deep } },
      { row: 2, code: "REQUIRED", field: "name", message: "name must not be empty", record: { name: "" } },
    ]);
    writer.close();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { row: 1, code: "INVALID_RECORD", field: null, message: "A value has the wrong type", note: expect.stringMatching(/^The record cannot be written here: .*call stack/) },
      { row: 2, code: "REQUIRED", field: "name", message: "name must not be empty", record: { name: "" } },
    ]);
  });

  it("is cut back to the length of the last committed checkpoint when an import resumes", () => {
    const file = path.join(dir, "x.ndjson.rejected.ndjson");
    const first = new RejectedWriter(file, EMPTY);
    first.append([{ row: 1, code: "REQUIRED", field: "name", message: "name must not be empty" }]);
    const committed = first.mark;
    first.append([{ row: 7, code: "DATE_ORDER", field: "validUntil", message: "never committed" }]);
    first.close();
    const resumed = new RejectedWriter(file, committed);
    expect([resumed.incomplete, resumed.bytes]).toEqual([false, committed.bytes]);
    resumed.append([{ row: 7, code: "DATE_ORDER", field: "validUntil", message: "committed this time" }]);
    resumed.close();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.row, l.message])).toEqual([[1, "name must not be empty"], [7, "committed this time"]]);
  });
});

describe("keys a file repeats", () => {
  // Chunks of two rows: a key's rows fall in different chunks as well as in the same one.
  const rowsOf = async function* (keys: (string | null)[]): AsyncGenerator<SourceRow[]> {
    const rows: SourceRow[] = keys.map((key, i) => (key === null ? { row: i + 1, endOffset: 0, parseError: "not JSON" } : { row: i + 1, endOffset: 0, record: { key } }));
    for (let i = 0; i < rows.length; i += 2) yield rows.slice(i, i + 2);
  };
  const keyOf = (record: unknown) => (record as { key: string }).key;

  it("replaces each row a later row of the same key follows, and no other", async () => {
    const repeats = await scanRepeatedKeys(rowsOf(["a", "b", "a", null, "c", "a", "b"]), keyOf);
    const replaced = ["a", "b", "a", "", "c", "a", "b"].map((key, i) => key !== "" && repeats.replacedLater(i + 1, key));
    expect(replaced).toEqual([true, true, true, false, false, false, false]);
  });

  it("never replaces a row for another key that shares its hash", async () => {
    // Two keys of the same 32-bit hash, found by trying (about 80,000 keys in, by the birthday bound).
    const byHash = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const key = `K${i}`;
      const other = byHash.get(hash32(key));
      if (other) pair = [other, key];
      else byHash.set(hash32(key), key);
    }
    const [first, second] = pair;
    const repeats = await scanRepeatedKeys(rowsOf([first, second, "z"]), keyOf);
    expect([repeats.replacedLater(1, first), repeats.replacedLater(2, second)]).toEqual([false, false]);
    const twice = await scanRepeatedKeys(rowsOf([first, second, first]), keyOf);
    expect([twice.replacedLater(1, first), twice.replacedLater(2, second), twice.replacedLater(3, first)]).toEqual([true, false, false]);
  }, 30_000);
});
