import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../../src/demo/generator";
import { generateAgreements } from "../../src/demo/agreements.generator";
import { writeRecords } from "../../src/import/file-writer";
import { runImport } from "../../src/import/run-import";
import { pgArray } from "../../src/platform/database/sql";
import { parseUscc } from "../../src/platform/validation/uscc";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { gb18030 } from "../support/gb18030";
import { buildCli, importCli, rejectedLines, summaryOf } from "./import-cli-harness";

const work = mkdtempSync(path.join(os.tmpdir(), "yrd-import-cli-"));

const count = async (db: TestDatabase, sql: string): Promise<number> => Number(((await db.orm.em.fork().execute(sql))[0] as { n: string }).n);

let killed: TestDatabase;
let clean: TestDatabase;
const ENTERPRISES = 30_000;
const options = { ...sizesFor(5 * ENTERPRISES, 7, 0.01), enterprises: ENTERPRISES };
const enterpriseFile = path.join(work, "kill", "enterprises.ndjson");
let expectedValid = 0;
/** The rows of the enterprise file that a clean run refuses. */
const expectedRejectedRows: number[] = [];

beforeAll(async () => {
  buildCli(path.join(work, "build"));
  mkdirSync(path.dirname(enterpriseFile), { recursive: true });
  await writeRecords(enterpriseFile, "ndjson", generateEnterprises(options));
  for (const [i, e] of [...generateEnterprises(options)].entries()) {
    try {
      parseUscc(e.uscc, "uscc");
      if (e.name.trim()) expectedValid++;
      else expectedRejectedRows.push(i + 1);
    } catch {
      expectedRejectedRows.push(i + 1); // a deliberately bad row
    }
  }
  [killed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([killed?.drop(), clean?.drop()]);
  rmSync(work, { recursive: true, force: true });
});

describe("npm run import", () => {
  it("resumes after kill -9 and ends with exactly the rows, events and rejected rows of a clean run", async () => {
    expect(expectedValid).toBeGreaterThan(ENTERPRISES * 0.98);
    expect(expectedValid).toBeLessThan(ENTERPRISES);

    const first = await importCli(work, killed, [enterpriseFile, "--batch-size", "300", "--progress-every", "0", "--json"], 3);
    expect(first.signal).toBe("SIGKILL");
    // Not a terminal: plain progress lines with rows, accepted, rejected, rate and ETA.
    expect(first.stdout).toMatch(/^progress \d+\.\d% rows=\d+ accepted=\d+ rejected=\d+ rate=\d+ rows\/s eta=\S+$/m);
    const [job] = (await killed.orm.em.fork().execute(`select rows_read::int as rows, status from bulk_import.job`)) as { rows: number; status: string }[];
    expect(job!.status).toBe("RUNNING");
    expect(job!.rows).toBeGreaterThan(0);
    expect(job!.rows).toBeLessThan(ENTERPRISES);
    // What the killed run committed is exactly what its checkpoint says: rows and events agree with it.
    const committed = await count(killed, `select count(*) as n from registry.enterprise`);
    expect(await count(killed, `select count(*) as n from outbox.change_event where kind = 'ENTERPRISE_UPSERTED'`)).toBe(committed);

    // Ctrl-C: the batch in flight is dropped, the process says how to go on and exits 130.
    const interrupted = await importCli(work, killed, [enterpriseFile, "--batch-size", "300", "--progress-every", "0"], 2, "SIGINT");
    expect([interrupted.code, interrupted.stderr]).toEqual([130, expect.stringMatching(/interrupted \(SIGINT\).*the same command resumes/)]);
    // The killed run's lock on the file went with its connection: the next run was not refused.
    expect(interrupted.stderr).not.toMatch(/another import/);
    const [after] = (await killed.orm.em.fork().execute(`select rows_read::int as rows, status from bulk_import.job`)) as { rows: number; status: string }[];
    expect(after!.status).toBe("RUNNING");
    expect(after!.rows).toBeGreaterThan(job!.rows);

    const resumed = await importCli(work, killed, [enterpriseFile, "--batch-size", "300", "--json"]);
    expect(resumed.code).toBe(0);
    const summary = summaryOf(resumed);
    expect(summary).toMatchObject({ rows: ENTERPRISES, accepted: expectedValid, rejected: ENTERPRISES - expectedValid, resumedFromRow: after!.rows, alreadyDone: false });

    const cleanFile = path.join(work, "clean", "enterprises.ndjson");
    mkdirSync(path.dirname(cleanFile), { recursive: true });
    copyFileSync(enterpriseFile, cleanFile);
    const reference = await importCli(work, clean, [cleanFile, "--json"]);
    expect(reference.code).toBe(0);

    const contents = async (db: TestDatabase) => db.orm.em.fork().execute(`select uscc, name, province from registry.enterprise order by uscc`);
    expect(await count(killed, `select count(*) as n from registry.enterprise`)).toBe(expectedValid);
    expect(await contents(killed)).toEqual(await contents(clean));
    for (const db of [killed, clean]) {
      expect(await count(db, `select count(*) as n from outbox.change_event where kind = 'ENTERPRISE_UPSERTED'`)).toBe(expectedValid);
      expect(await count(db, `select count(distinct subject_id) as n from outbox.change_event`)).toBe(expectedValid);
    }

    const rejected = rejectedLines(enterpriseFile);
    expect(rejected).toEqual(rejectedLines(cleanFile));
    expect(rejected).toHaveLength(ENTERPRISES - expectedValid);
    expect(new Set(rejected.map((r) => r.row)).size).toBe(rejected.length);
    expect(new Set(rejected.map((r) => r.code))).toEqual(new Set(["USCC_CHECKSUM", "REQUIRED"]));

    // A finished import run again reads nothing and writes nothing.
    const again = await importCli(work, killed, [enterpriseFile, "--json"]);
    expect(summaryOf(again)).toMatchObject({ alreadyDone: true, accepted: expectedValid });
    expect(await count(killed, `select count(*) as n from outbox.change_event`)).toBe(expectedValid);

    // Edited in the middle, same size: not the file that was imported, so it is imported afresh, and
    // only the changed enterprise writes and emits anything.
    const text = readFileSync(enterpriseFile, "utf8");
    const middle = text.indexOf(`"name":"`, text.length / 2) + `"name":"`.length;
    const edited = `${text.slice(0, middle)}改${text.slice(middle + 1)}`;
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text)); // one CJK character for another
    writeFileSync(enterpriseFile, edited);
    const afresh = summaryOf(await importCli(work, killed, [enterpriseFile, "--json"]));
    expect(afresh).toMatchObject({ alreadyDone: false, resumedFromRow: 0, rows: ENTERPRISES, accepted: expectedValid });
    expect(await count(killed, `select count(*) as n from outbox.change_event`)).toBe(expectedValid + 1);
    expect(await count(killed, `select count(*) as n from registry.enterprise where name like '改%'`)).toBe(1);
  }, 60_000);

  it("imports CSV certificates, refusing each bad row with its code, and a forced re-run emits no event", async () => {
    const dir = path.join(work, "csv");
    mkdirSync(dir, { recursive: true });
    const small = sizesFor(1_500, 11, 0.03);
    const holders = [...generateEnterprises({ ...small, badRows: 0 })];
    await writeRecords(path.join(dir, "institutions.csv"), "csv", generateInstitutions());
    await writeRecords(path.join(dir, "enterprises.ndjson"), "ndjson", holders);
    await writeRecords(path.join(dir, "certificates.csv"), "csv", generateCertificates(small, holders), ["status"]);
    for (const file of ["institutions.csv", "enterprises.ndjson"]) expect((await importCli(work, clean, [path.join(dir, file), "--json"])).code).toBe(0);

    const file = path.join(dir, "certificates.csv");
    const run = await importCli(work, clean, [file, "--batch-size", "400", "--json"]);
    expect(run.code).toBe(0);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ kind: "certificates", format: "csv", rows: 1_500 });
    const rejected = rejectedLines(file);
    expect(rejected).toHaveLength(summary.rejected);
    expect(summary.rejected).toBeGreaterThan(10);
    // A list given as text is refused as NOT_A_LIST; only that row, its batch still goes in.
    expect(rejected.map((r) => r.code)).toEqual(expect.arrayContaining(["DATE_ORDER", "STATUS_NOT_ALLOWED", "UNKNOWN_ISSUER", "DATE_FORMAT", "NOT_A_LIST"]));
    expect(await count(clean, `select count(*) as n from certification.certificate`)).toBe(summary.accepted);

    const events = await count(clean, `select count(*) as n from outbox.change_event`);
    const restart = await importCli(work, clean, [file, "--batch-size", "400", "--restart", "--json"]);
    expect(summaryOf(restart)).toMatchObject({ accepted: summary.accepted, rejected: summary.rejected, resumedFromRow: 0 });
    expect(await count(clean, `select count(*) as n from outbox.change_event`)).toBe(events);
    expect(rejectedLines(file)).toEqual(rejected);
  }, 60_000);

  it("refuses hostile rows one by one with their codes, and imports the rest of their batch", async () => {
    const dir = path.join(work, "hostile");
    mkdirSync(dir, { recursive: true });
    const db = await createTestDatabase();
    try {
      const small = sizesFor(40, 13);
      const holders = [...generateEnterprises({ ...small, badRows: 0 })];
      const [institution, ...otherInstitutions] = [...generateInstitutions()];
      // A byte order mark before the first row, and an accreditation that is not an object: the service
      // throws on it, and the batch is split down to that row (INVALID_RECORD, in PostgreSQL's or JS's words).
      const broken = { ...otherInstitutions[0]!, accreditations: [null] };
      writeFileSync(path.join(dir, "institutions.ndjson"), `\ufeff${[institution, broken, ...otherInstitutions.slice(1)].map((r) => JSON.stringify(r)).join("\n")}\n`);
      await writeRecords(path.join(dir, "enterprises.ndjson"), "ndjson", holders);
      const certificates = [...generateCertificates({ ...small, badRows: 0 }, holders)].filter((c) => c.issuerId !== broken.id);
      const hostile = [
        { ...certificates[0]!, scope: "含\u0000空字符" },
        { ...certificates[1]!, scope: "half a pair \ud800" },
        { ...certificates[2]!, standardCodes: "GB/T 19001-2016" },
        { ...certificates[3]!, standardCodes: [null] },
        { ...certificates[4]!, number: 42 },
      ];
      // And a row saved as GB18030 ("杭州" as BA BC D6 DD), as a Chinese spreadsheet may export it.
      const gb18030 = Buffer.from(JSON.stringify({ ...certificates[5]!, scope: "@@" })).toString("latin1").replace("@@", "\xba\xbc\xd6\xdd");
      const lines = [...hostile.map((r) => JSON.stringify(r)), gb18030, ...certificates.slice(6).map((r) => JSON.stringify(r))];
      writeFileSync(path.join(dir, "certificates.ndjson"), Buffer.concat(lines.map((line, i) => Buffer.from(i ? `\n${line}` : line, i === 5 ? "latin1" : "utf8"))));
      const institutions = await importCli(work, db, [path.join(dir, "institutions.ndjson"), "--json"]);
      expect(summaryOf(institutions)).toMatchObject({ rows: otherInstitutions.length + 1, rejected: 1 });
      const [refusedInstitution] = rejectedLines(path.join(dir, "institutions.ndjson"));
      expect(refusedInstitution).toMatchObject({ row: 2, code: "INVALID_RECORD" });
      expect(refusedInstitution!.message).not.toMatch(/insert into|select /i);
      expect((await importCli(work, db, [path.join(dir, "enterprises.ndjson"), "--json"])).code).toBe(0);

      const file = path.join(dir, "certificates.ndjson");
      const run = await importCli(work, db, [file, "--json"]);
      expect(summaryOf(run)).toMatchObject({ rows: certificates.length, accepted: certificates.length - 6, rejected: 6 });
      expect(rejectedLines(file).map((r) => [r.row, r.code, r.field])).toEqual([
        [1, "INVALID_TEXT", "scope"],
        [2, "INVALID_TEXT", "scope"],
        [3, "NOT_A_LIST", "standardCodes"],
        [4, "STANDARD_CODE_FORMAT", "standardCodes[0]"],
        [5, "INVALID_TEXT", "number"],
        [6, "INVALID_ENCODING", null],
      ]);
      expect(await count(db, `select count(*) as n from certification.certificate`)).toBe(certificates.length - 6);
      // Its text has U+FFFD for the GB18030 bytes; the bytes themselves are there to recover it.
      const [, , , , , refusedForEncoding] = readFileSync(`${file}.rejected.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { raw: string; rawBase64?: string });
      expect(refusedForEncoding!.raw).toContain("\ufffd");
      expect(Buffer.from(refusedForEncoding!.rawBase64!, "base64")).toEqual(Buffer.from(gb18030, "latin1"));
    } finally {
      await db.drop();
    }
  }, 60_000);

  it("refuses, before importing anything, a file that is compressed, a workbook, UTF-16 or a JSON array", async () => {
    const cases: [string, Buffer, RegExp][] = [
      ["gz-certificates.ndjson", gzipSync(Buffer.from(`{"a":1}\n`)), /gzip-compressed/],
      ["zj-certificates.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /ZIP archive \(an \.xlsx workbook\?\)/],
      ["utf16-enterprises.csv", Buffer.from("\ufeffuscc,name\n", "utf16le"), /UTF-16/],
      ["array-institutions.ndjson", Buffer.from(`\ufeff  [\n  {"id": "X"}\n]\n`), /JSON array.*jq -c/],
      ["semicolon-certificates.csv", Buffer.from("number;kind\nC-1;PRODUCT\n"), /cells separated by ";"\? Save the file as CSV with commas/],
      ["empty-header-certificates.csv", Buffer.from(""), /empty-header-certificates\.csv: the CSV file is empty: it has no header line/],
      ["blank-header-certificates.csv", Buffer.from("\n\nC-1,PRODUCT\n"), /blank-header-certificates\.csv: the CSV file has no header line naming its columns/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = path.join(work, name);
      writeFileSync(file, bytes);
      const run = await importCli(work, clean, [file]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/resumes/); // nothing of it was imported: there is nothing to resume
      expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
    }
  });

  it("imports a CSV saved as GB18030 (GBK) with --encoding gb18030, and refuses it before any row without", async () => {
    const enterprises = [...generateEnterprises({ ...options, badRows: 0, enterprises: 5 })].map((e, i) => ({ ...e, name: `${e.name}（第${i + 1}厂）` }));
    const utf8 = path.join(work, "utf8-enterprises.csv");
    await writeRecords(utf8, "csv", enterprises);
    const file = path.join(work, "gbk-enterprises.csv");
    writeFileSync(file, gb18030(readFileSync(utf8, "utf8").replace(/\n/g, "\r\n")));

    const refused = await importCli(work, clean, [file]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/is not UTF-8: its text reads as GB18030 \(GBK\).*Pass --encoding gb18030/)]);
    expect(refused.stderr).not.toMatch(/resumes/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
    const badName = await importCli(work, clean, [file, "--encoding", "latin1"]);
    expect([badName.code, badName.stderr]).toEqual([2, expect.stringMatching(/--encoding must be utf8 or gb18030/)]);

    const run = await importCli(work, clean, [file, "--encoding", "GBK", "--json"]);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ encoding: "gb18030", rows: 5, accepted: 5, rejected: 0 });
    expect(run.stdout).toMatch(/as enterprises \(csv, GB18030\)/);
    const stored = await clean.orm.em.fork().execute(`select uscc, name from registry.enterprise where uscc = any(?::text[]) order by uscc`, [pgArray(enterprises.map((e) => e.uscc))]);
    expect(stored).toEqual(enterprises.map((e) => ({ uscc: e.uscc, name: e.name })).sort((a, b) => (a.uscc < b.uscc ? -1 : 1)));
  });

  it("refuses a file whose kind it cannot tell, and names the kinds it knows", async () => {
    const file = path.join(work, "mystery.ndjson");
    writeFileSync(file, `{"a":1}\n`);
    const run = await importCli(work, clean, [file]);
    expect(run.code).toBe(2); // a command line that cannot run, like a usage error: nothing was touched
    expect(run.stderr).toMatch(/pass --kind \(enterprises\|institutions\|certificates/);
    expect(run.stderr).not.toMatch(/resumes/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);

    // A name of two kinds is not read as the first of them (every row would be refused for its fields).
    const both = path.join(work, "zj-enterprise-certificates.ndjson");
    writeFileSync(both, `{"a":1}\n`);
    const ambiguous = await importCli(work, clean, [both]);
    expect([ambiguous.code, ambiguous.stderr]).toEqual([2, expect.stringMatching(/name of .*zj-enterprise-certificates\.ndjson matches several kinds \(enterprises, certificates\): pass --kind/)]);
    expect(existsSync(`${both}.rejected.ndjson`)).toBe(false);

    const missing = await importCli(work, clean, [path.join(work, "no-such-certificates.ndjson")]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/no-such-certificates\.ndjson is not a file/)]);
    const badOption = await importCli(work, clean, [file, "--batch-size", "0"]);
    expect([badOption.code, badOption.stderr]).toEqual([2, expect.stringMatching(/--batch-size must be an integer/)]);
  });

  it("holds rows to the mutation's field names: an unknown field is UNKNOWN_FIELD, an unknown CSV column stops the file", async () => {
    const [first, second, third] = [...generateEnterprises({ ...options, badRows: 0, enterprises: 3 })];
    const file = path.join(work, "fields-enterprises.ndjson");
    writeFileSync(file, [first, { ...second, Name: "大写" }, third].map((r) => JSON.stringify(r)).join("\n"));
    const run = await importCli(work, clean, [file, "--json"]);
    expect(summaryOf(run)).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejectedLines(file).map((r) => [r.row, r.code, r.field])).toEqual([[2, "UNKNOWN_FIELD", "Name"]]);

    const csv = path.join(work, "fields-certificates.csv");
    writeFileSync(csv, "number,kind,scheme,issuerId,holderUscc,scope,standardCodes,issuedOn,validUntil,Status\nC-1,PRODUCT,CCC,CB-SH-01,x,y,[],2026-01-01,2027-01-01,SUSPENDED\n");
    const refused = await importCli(work, clean, [csv]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/has columns that certificates do not have: "Status"; the columns are number, kind, .*status/)]);
    expect(existsSync(`${csv}.rejected.ndjson`)).toBe(false);
  });

  it("refuses a row nested too deep for the code that walks it, as PARSE_ERROR, and imports the rest (NDJSON and CSV)", async () => {
    const [first, second, third] = [...generateEnterprises({ ...sizesFor(15, 101), enterprises: 3 })]; // none stored yet
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const ndjson = path.join(work, "deep-enterprises.ndjson");
    writeFileSync(ndjson, `${JSON.stringify(first)}\n{"uscc":"${second!.uscc}","name":${deep}}\n${JSON.stringify(third)}\n`);
    // In CSV a list is a JSON cell (an enterprise has none: its cells are text, whatever they start with).
    const [institution, other, another] = [...generateInstitutions()];
    const csv = path.join(work, "deep-institutions.csv");
    await writeRecords(csv, "csv", [institution!, { ...other!, accreditations: "@deep@" }, another!]);
    writeFileSync(csv, readFileSync(csv, "utf8").replace("@deep@", deep));
    for (const file of [ndjson, csv]) {
      for (let run = 0; run < 2; run++) {
        const imported = await importCli(work, clean, [file, "--batch-size", "1", "--restart", "--json"]);
        expect([imported.code, imported.stderr]).toEqual([0, ""]);
        expect(summaryOf(imported)).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
        expect(rejectedLines(file)).toEqual([{ row: 2, code: "PARSE_ERROR", field: null, message: "The record nests deeper than 32 levels of lists and objects", raw: expect.stringContaining("[[[[") }]);
      }
    }
    const stored = await clean.orm.em.fork().execute(`select uscc from registry.enterprise where uscc = any(?::text[])`, [pgArray([first!.uscc, second!.uscc, third!.uscc])]);
    expect(stored.map((r) => r.uscc).sort()).toEqual([first!.uscc, third!.uscc].sort());
  });

  it("refuses a second import of a file while one runs, at once and touching nothing; the first ends as a clean run", async () => {
    const db = await createTestDatabase();
    try {
      const file = path.join(work, "twice", "enterprises.ndjson");
      mkdirSync(path.dirname(file), { recursive: true });
      await writeRecords(file, "ndjson", generateEnterprises(options));
      const rowsRead = async () => Number(((await db.orm.em.fork().execute(`select coalesce(max(rows_read), 0) as n from bulk_import.job`))[0] as { n: string }).n);
      const first = importCli(work, db, [file, "--batch-size", "100", "--progress-every", "0", "--json"]);
      // Once a batch has committed, the first run holds the file, its checkpoint and its rejected-rows file.
      for (const deadline = Date.now() + 30_000; (await rowsRead()) === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
      expect(await rowsRead()).toBeGreaterThan(0);

      const second = await importCli(work, db, [file, "--json"]);
      expect([second.code, second.stderr]).toEqual([1, expect.stringContaining(`another import of ${file} is running; wait for it or stop it`)]);
      expect(second.stderr).not.toMatch(/resumes/);
      expect(await rowsRead()).toBeLessThan(ENTERPRISES); // the first was still running

      const run = await first;
      expect(run.code).toBe(0);
      expect(summaryOf(run)).toMatchObject({ rows: ENTERPRISES, accepted: expectedValid, rejected: ENTERPRISES - expectedValid, resumedFromRow: 0 });
      expect(await count(db, `select count(*) as n from registry.enterprise`)).toBe(expectedValid);
      expect(await count(db, `select count(*) as n from outbox.change_event where kind = 'ENTERPRISE_UPSERTED'`)).toBe(expectedValid);
      expect(await count(db, `select runs as n from bulk_import.job`)).toBe(1); // the second never opened the job
      expect(rejectedLines(file).map((r) => r.row)).toEqual(expectedRejectedRows);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it("says nothing of resuming when the database cannot be reached: nothing began", async () => {
    const file = path.join(work, "unreachable-enterprises.ndjson");
    writeFileSync(file, `{"uscc":"91310104AM62DYEW9P","name":"a"}\n`);
    const run = await importCli(work, { url: "postgresql://postgres@127.0.0.1:1/x" } as TestDatabase, [file]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/^import failed: /m)]);
    expect(run.stderr).not.toMatch(/resumes|stored/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
  });

  it("refuses a database that does not exist instead of creating it, a mistyped name being the likely cause", async () => {
    const file = path.join(work, "missing-db-enterprises.ndjson");
    writeFileSync(file, `{"uscc":"91310104AM62DYEW9P","name":"a"}\n`);
    const missing = new URL(clean.url);
    missing.pathname = "/yrd_no_such_database";
    const run = await importCli(work, { url: missing.toString() } as TestDatabase, [file]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/database "yrd_no_such_database" does not exist/)]);
    expect(await count(clean, `select count(*) as n from pg_database where datname = 'yrd_no_such_database'`)).toBe(0);
  });

  it("refuses, before any row, an NDJSON file whose first rows all have fields of another kind, naming the kind they fit", async () => {
    const file = path.join(work, "wrong-kind.ndjson");
    await writeRecords(file, "ndjson", generateEnterprises({ ...options, badRows: 0, enterprises: 30 }));
    const run = await importCli(work, clean, [file, "--kind", "certificates"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/does not look like certificates: each of its first 20 records has a field certificates do not have \("uscc"\); its records fit enterprises: pass --kind enterprises/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
    // A short file is judged on fewer records only when they fit another kind; one certificate with a
    // stray field is its own row refused, not the file.
    const short = path.join(work, "short-certificates.ndjson");
    const [holder] = [...generateEnterprises({ ...options, badRows: 0, enterprises: 1 })];
    const [one] = [...generateCertificates({ ...options, badRows: 0, certificates: 1 }, [holder!])];
    writeFileSync(short, `${JSON.stringify({ ...one, remark: "备注" })}\n`);
    const stray = await importCli(work, clean, [short, "--json"]);
    expect(stray.code).toBe(0);
    expect(rejectedLines(short).map((r) => [r.row, r.code, r.field])).toEqual([[1, "UNKNOWN_FIELD", "remark"]]);
    writeFileSync(short, `${JSON.stringify(holder)}\n`);
    const enterprise = await importCli(work, clean, [short, "--restart"]);
    expect(enterprise.code).toBe(1);
    expect(enterprise.stderr).toMatch(/its first record has a field certificates do not have .*pass --kind enterprises/);
    // One row of the kind among them is enough to import the file, refusing the others one by one.
    const [certificate] = [...generateCertificates({ ...options, badRows: 0, certificates: 1 }, [...generateEnterprises({ ...options, badRows: 0, enterprises: 1 })])];
    writeFileSync(file, `${JSON.stringify(certificate)}\n${readFileSync(file, "utf8")}`);
    const mixed = await importCli(work, clean, [file, "--kind", "certificates", "--batch-size", "5", "--json"]);
    expect(mixed.code).toBe(0);
    expect(summaryOf(mixed)).toMatchObject({ rows: 31 });
    expect(rejectedLines(file).filter((r) => r.code === "UNKNOWN_FIELD").map((r) => r.row)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
  });

  it("refuses a CSV file taken for NDJSON, and NDJSON taken for CSV, before any row, naming --format", async () => {
    const csv = path.join(work, "csv-inside-enterprises.ndjson");
    writeFileSync(csv, "uscc,name\n91310104AM62DYEW9P,上海一号\n");
    const asNdjson = await importCli(work, clean, [csv]);
    expect([asNdjson.code, asNdjson.stderr]).toEqual([1, expect.stringMatching(/does not read as NDJSON: none of its first lines is a JSON object \(the first is "uscc,name"\); a CSV file needs --format csv/)]);
    const ndjson = path.join(work, "ndjson-inside-enterprises.csv");
    writeFileSync(ndjson, `{"uscc":"91310104AM62DYEW9P","name":"a"}\n`);
    const asCsv = await importCli(work, clean, [ndjson]);
    expect([asCsv.code, asCsv.stderr]).toEqual([1, expect.stringMatching(/is the file NDJSON\? Then pass --format ndjson/)]);
    for (const file of [csv, ndjson]) expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
  });

  it("goes on importing when its output is piped into a reader that stops early (| head)", async () => {
    const db = await createTestDatabase();
    try {
      const file = path.join(work, "piped-enterprises.ndjson");
      const enterprises = [...generateEnterprises({ ...options, badRows: 0, enterprises: 3000 })];
      await writeRecords(file, "ndjson", enterprises);
      const child = spawn(process.execPath, [path.join(work, "build", "src/cli/import.js"), file, "--batch-size", "100", "--progress-every", "0"], {
        env: { ...process.env, DATABASE_URL: db.url, NODE_PATH: path.resolve("node_modules"), LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once("data", () => child.stdout.destroy()); // what `head -1` does once it has its line
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect([code, stderr]).toEqual([0, ""]);
      expect(await count(db, `select count(*) as n from registry.enterprise`)).toBe(enterprises.length);
    } finally {
      await db.drop();
    }
  }, 60_000);

  /** Two enterprises imported, the second refused (a bad check character): its rejected file lists one row. */
  const importedWithOneRefused = async (name: string): Promise<string> => {
    const [first, second] = [...generateEnterprises({ ...options, badRows: 0, enterprises: 2 })];
    const file = path.join(work, name);
    writeFileSync(file, [first, { ...second, uscc: "91310104AM62DYEW9Z" }].map((r) => JSON.stringify(r)).join("\n"));
    expect(summaryOf(await importCli(work, clean, [file, "--kind", "enterprises", "--json"]))).toMatchObject({ rejected: 1, rejectedFileIncomplete: false });
    return file;
  };

  it("warns when the rejected-rows file of an earlier run was deleted: its rows are counted but no longer listed", async () => {
    const file = await importedWithOneRefused("deleted-rejects-enterprises.ndjson");
    rmSync(`${file}.rejected.ndjson`);
    const again = await importCli(work, clean, [file, "--json"]);
    // Counted, and no longer named: the summary points at no file that is not there.
    expect(summaryOf(again)).toMatchObject({ alreadyDone: true, rejected: 1, rejectedFileIncomplete: true, rejectedFile: null });
    expect(again.stdout).toMatch(/warning: .*rejected\.ndjson was deleted, cut short or replaced .* since an earlier run.*--restart lists every one again/);
  });

  it("keeps saying its rejected-rows file is incomplete after a later run started it afresh, until --restart", async () => {
    const file = path.join(work, "twice-interrupted", "enterprises.ndjson");
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(enterpriseFile, file);
    const args = [file, "--batch-size", "500", "--progress-every", "0", "--json"];
    const db = await createTestDatabase();
    try {
      expect((await importCli(work, db, args, 3)).signal).toBe("SIGKILL");
      rmSync(`${file}.rejected.ndjson`);
      // The run that finds the file gone starts it afresh; killed too, it leaves a file that looks whole.
      expect((await importCli(work, db, args, 3)).signal).toBe("SIGKILL");
      const finished = await importCli(work, db, args);
      expect(summaryOf(finished)).toMatchObject({ rejected: expectedRejectedRows.length, rejectedFileIncomplete: true });
      expect(finished.stdout).toMatch(/warning: .*rejected\.ndjson was deleted, cut short or replaced/);
      expect(rejectedLines(file).length).toBeLessThan(expectedRejectedRows.length);
      expect(summaryOf(await importCli(work, db, args))).toMatchObject({ alreadyDone: true, rejectedFileIncomplete: true });
      const restarted = summaryOf(await importCli(work, db, [...args, "--restart"]));
      expect(restarted).toMatchObject({ rejected: expectedRejectedRows.length, rejectedFileIncomplete: false });
      expect(rejectedLines(file).map((r) => r.row)).toEqual(expectedRejectedRows);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it("tells its rejected-rows file from one an import of the same file as another kind wrote since", async () => {
    const file = await importedWithOneRefused("replaced-rejects.ndjson");
    // What another import of the same path leaves there: other rows refused, in a file longer than this one's.
    const own = readFileSync(`${file}.rejected.ndjson`, "utf8");
    writeFileSync(`${file}.rejected.ndjson`, [1, 2].map((row) => JSON.stringify({ row, code: "UNKNOWN_FIELD", field: "uscc", message: "certificates have no field uscc" })).join("\n") + "\n");
    expect(readFileSync(`${file}.rejected.ndjson`, "utf8").length).toBeGreaterThan(own.length);
    const again = await importCli(work, clean, [file, "--kind", "enterprises", "--json"]);
    expect(summaryOf(again)).toMatchObject({ alreadyDone: true, rejected: 1, rejectedFileIncomplete: true });
    const restarted = summaryOf(await importCli(work, clean, [file, "--kind", "enterprises", "--restart", "--json"]));
    expect(restarted).toMatchObject({ rejected: 1, rejectedFileIncomplete: false });
    expect(rejectedLines(file).map((r) => [r.row, r.code])).toEqual([[2, "USCC_CHECKSUM"]]);
  });

  it("leaves no rejected-rows file behind when a run fails before refusing any row", async () => {
    // A failure of the run itself, once the rejected-rows file is open: a viewer the agreement service
    // refuses outright (the CLI always imports as an admin; runImport is called here with another).
    const file = path.join(work, "failing-agreements.ndjson");
    writeFileSync(file, generateAgreements().map((a) => JSON.stringify(a)).join("\n"));
    const importing = runImport(clean.orm, {
      file, batchSize: 10, restart: false, viewer: { role: "enterprise", sub: "t", uscc: "91310104AM62DYEW9P" }, progress: { tty: false, intervalMs: 60_000 },
    });
    await expect(importing).rejects.toThrow(/may define only agreements/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
  });
});
