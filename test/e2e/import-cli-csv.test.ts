import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../../src/demo/generator";
import { csvLine, toCsvCells } from "../../src/import/csv-cells";
import { writeRecords } from "../../src/import/file-writer";
import { pgArray } from "../../src/platform/database/sql";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { buildCli, importCli, rejectedLines, summaryOf } from "./import-cli-harness";

/** CSV files as spreadsheets and conversions from NDJSON leave them: text cells and header lines. */
const work = mkdtempSync(path.join(os.tmpdir(), "yrd-import-csv-"));
const options = sizesFor(20, 23);
let db: TestDatabase;
const holders = [...generateEnterprises({ ...options, badRows: 0 })];
const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.orm.em.fork().execute(sql, params)) as T[];

beforeAll(async () => {
  buildCli(path.join(work, "build"));
  db = await createTestDatabase();
  await writeRecords(path.join(work, "institutions.ndjson"), "ndjson", generateInstitutions());
  expect((await importCli(work, db, [path.join(work, "institutions.ndjson")])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe("npm run import of CSV", () => {
  it("stores text that starts with [ or { exactly, as from NDJSON: only list columns hold JSON", async () => {
    // Written by the project's own writer, as an NDJSON file converted to CSV would be.
    const enterprises = holders.map((e, i) => ({ ...e, name: i % 2 ? `[测试]${e.name}` : `{试点}${e.name}` }));
    const enterpriseFile = path.join(work, "bracket-enterprises.csv");
    await writeRecords(enterpriseFile, "csv", enterprises);
    expect(summaryOf(await importCli(work, db, [enterpriseFile, "--json"]))).toMatchObject({ rows: enterprises.length, accepted: enterprises.length, rejected: 0 });
    const names = await query<{ uscc: string; name: string }>(`select uscc, name from registry.enterprise order by uscc`);
    expect(names).toEqual(enterprises.map((e) => ({ uscc: e.uscc, name: e.name })).sort((a, b) => (a.uscc < b.uscc ? -1 : 1)));

    const scopes = ["[出口]家用电器", `[a, "b"] 电线电缆`, "{低压}成套设备", "[]"];
    const certificates = [...generateCertificates({ ...options, badRows: 0 }, holders)].map((c, i) => ({ ...c, scope: scopes[i % scopes.length]! }));
    const certificateFile = path.join(work, "bracket-certificates.csv");
    await writeRecords(certificateFile, "csv", certificates);
    expect(readFileSync(certificateFile, "utf8")).toContain(`,[出口]家用电器,"[""GB/T`); // text as it is, a list as JSON
    const run = await importCli(work, db, [certificateFile, "--json"]);
    expect(summaryOf(run)).toMatchObject({ rows: certificates.length, accepted: certificates.length, rejected: 0 });
    expect(existsSync(`${certificateFile}.rejected.ndjson`)).toBe(false);
    const stored = await query<{ number: string; scope: string; standard_codes: string[] }>(
      `select number, scope, standard_codes from certification.certificate where number = any(?::text[]) order by number`, [pgArray(certificates.map((c) => c.number))]);
    expect(stored).toEqual(certificates.map((c) => ({ number: c.number, scope: c.scope, standard_codes: c.standardCodes })).sort((a, b) => (a.number < b.number ? -1 : 1)));
  });

  it("ignores unnamed columns at the end of the header while their cells are empty, refusing alone a row with something under one", async () => {
    const [first, second, third] = [...generateCertificates({ ...options, badRows: 0 }, holders)].map((c) => ({ ...c, number: `TC-${c.number}` }));
    const columns = Object.keys(toCsvCells(first!));
    const line = (c: Record<string, unknown>) => csvLine(columns, toCsvCells(c));
    const file = path.join(work, "trailing-columns-certificates.csv");
    // As Excel saves a sheet once cells right of the data were touched.
    writeFileSync(file, [`${columns.join(",")},,`, `${line(first!)},,`, `${line(second!)},,备注`, `${line(third!)},,`].join("\r\n") + "\r\n");
    const run = await importCli(work, db, [file, "--json"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(summaryOf(run)).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejectedLines(file)).toEqual([
      { row: 2, code: "PARSE_ERROR", field: null, message: `Cell ${columns.length + 2} holds "备注" under a column the header does not name: it has no field to go in (empty the cell, or name its column)`, raw: expect.stringContaining("备注") },
    ]);
    const stored = await query<{ number: string }>(`select number from certification.certificate where number like 'TC-%' order by number`);
    expect(stored.map((r) => r.number)).toEqual([first!.number, third!.number].sort());

    // An unnamed column before a named one is a header that does not say what its columns hold.
    const middle = path.join(work, "unnamed-middle-certificates.csv");
    writeFileSync(middle, `number,,kind\r\nC-1,,PRODUCT\r\n`);
    const refused = await importCli(work, db, [middle]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining("Column 2 of the CSV header line has no name")]);
    expect(existsSync(`${middle}.rejected.ndjson`)).toBe(false);
  });
});
