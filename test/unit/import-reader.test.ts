import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, sizesFor } from "../../src/demo/generator";
import { csvLine, fromCsvCells, toCsvCells } from "../../src/import/csv-cells";
import { MAX_RAW_BYTES, readCsv } from "../../src/import/csv-reader";
import { lineAt, splitRecord } from "../../src/import/csv-records";
import { IMPORT_KINDS, inferFromFileName } from "../../src/import/kinds";
import { columnNames, isKnownColumn, unknownField } from "../../src/import/record-fields";
import { MAX_LINE_BYTES, readNdjson } from "../../src/import/ndjson-reader";
import { RejectedWriter } from "../../src/import/rejected-writer";
import { checkFileShape, type SourceRow } from "../../src/import/source";
import { parseEncodingName, sniffEncoding } from "../../src/import/text-encoding";
import { gb18030 } from "../support/gb18030";

const dir = mkdtempSync(path.join(os.tmpdir(), "yrd-import-unit-"));
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
    expect(fromCsvCells({ number: "A,1", scope: `say "hi"`, standardCodes: `["GB/T 19001-2016"]`, "instrument.name": "卡尺", "instrument.serialNumber": "S-1", value: "0.5", status: "" }, ["value"])).toEqual(record);
  });

  it("reads records after the header and resumes from a byte offset", async () => {
    const file = path.join(dir, "certificates.csv");
    writeFileSync(file, `\ufeffnumber,scope,standardCodes\r\nC-1,"a, b","[""GB 1-2000""]"\r\nC-2,c,[]\r\nC-3,"multi\nline",\r\n`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }));
    expect(rows.map((r) => r.record)).toEqual([
      { number: "C-1", scope: "a, b", standardCodes: ["GB 1-2000"] },
      { number: "C-2", scope: "c", standardCodes: [] },
      { number: "C-3", scope: "multi\nline" },
    ]);
    const resumed = await all(readCsv(file, { startOffset: rows[0]!.endOffset, startRow: 1 }));
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
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }));
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
      expect(await all(readCsv(file, { startOffset: before.endOffset, startRow: before.row }))).toEqual(rows.slice(i + 1));
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
  });

  it("takes a record longer than the limit for a quote left open: refuses its first line, keeps a bounded part of it, and reads on", async () => {
    const file = path.join(dir, "open-quote.csv");
    const following = 600_000; // 3.6 MB of rows after the open quote, beyond the 3 MB limit of this test
    writeFileSync(file, `number,name\nC-1,a\nC-2,"never closed\n${"C-x,y\n".repeat(following)}`);
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0 }, [], 3 << 20));
    expect(rows).toHaveLength(following + 2);
    expect(rows[1]).toMatchObject({ row: 2, parseCode: "PARSE_ERROR", raw: `C-2,"never closed`, parseError: expect.stringMatching(/No CSV record ends within 3145728 bytes/) });
    expect(rows.slice(2).every((r, i) => r.row === i + 3 && (r.record as { name: string }).name === "y")).toBe(true);

    const endless = path.join(dir, "endless-line.csv");
    writeFileSync(endless, `number,name\nC-1,"${"z".repeat((3 << 20) + 100)}\nC-2,b\n`);
    const skipped = await all(readCsv(endless, { startOffset: 0, startRow: 0 }, [], 1 << 20));
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
    expect(agreements!.key).toBeUndefined(); // one mutation call per row: nothing to repeat within a call
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
  ])("%s", (file, kind, format) => {
    expect(inferFromFileName(file)).toEqual({ kind, format });
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

  it("refuses a row that is not GB18030 text as INVALID_ENCODING, keeping it readable in the rejected-rows file", async () => {
    const file = path.join(dir, "gb18030-bad.csv");
    // 0x81 0x20: a lead byte followed by a space is no GB18030 character.
    writeFileSync(file, Buffer.concat([gb18030("number,name\nC-1,杭州\nC-2,"), Buffer.from([0x81, 0x20]), gb18030("温州\nC-3,宁波\n")]));
    const rows = await all(readCsv(file, { startOffset: 0, startRow: 0, encoding: "gb18030" }));
    expect(rowsOf(rows)).toEqual([[1, { number: "C-1", name: "杭州" }, null], [2, null, "INVALID_ENCODING"], [3, { number: "C-3", name: "宁波" }, null]]);
    expect(rows[1]!.parseError).toMatch(/not valid GB18030/);
    expect(rows[1]!.raw).toContain("温州");
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

describe("the rejected-rows file", () => {
  it("is cut back to the length of the last committed checkpoint when an import resumes", () => {
    const file = path.join(dir, "x.ndjson.rejected.ndjson");
    const first = new RejectedWriter(file, 0);
    const committed = first.append([{ row: 1, code: "REQUIRED", field: "name", message: "name must not be empty" }]);
    first.append([{ row: 7, code: "DATE_ORDER", field: "validUntil", message: "never committed" }]);
    first.close();
    const resumed = new RejectedWriter(file, committed);
    expect(resumed.bytes).toBe(committed);
    resumed.append([{ row: 7, code: "DATE_ORDER", field: "validUntil", message: "committed this time" }]);
    resumed.close();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.row, l.message])).toEqual([[1, "name must not be empty"], [7, "committed this time"]]);
  });
});
