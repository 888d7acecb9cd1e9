import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateEnterprises, generateInstitutions, sizesFor } from "../../src/demo/generator";
import { generateMetrologyResults } from "../../src/demo/metrology.generator";
import { generateStandards } from "../../src/demo/standards.generator";
import { writeRecords } from "../../src/import/file-writer";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { buildCli, importCli, rejectedLines, summaryOf } from "./import-cli-harness";

const work = mkdtempSync(path.join(os.tmpdir(), "yrd-import-kinds-"));
const data = path.join(work, "data");
let db: TestDatabase;
const options = sizesFor(1_200, 5, 0.04);
const count = async (sql: string): Promise<number> => Number(((await db.orm.em.fork().execute(sql))[0] as { n: string }).n);

beforeAll(async () => {
  buildCli(path.join(work, "build"));
  mkdirSync(data, { recursive: true });
  const holders = [...generateEnterprises({ ...options, badRows: 0 })];
  const rows = <T>(items: Iterable<T>) => items as unknown as Iterable<Record<string, unknown>>;
  await writeRecords(path.join(data, "institutions.ndjson"), "ndjson", generateInstitutions());
  await writeRecords(path.join(data, "enterprises.ndjson"), "ndjson", holders);
  for (const format of ["ndjson", "csv"] as const) {
    await writeRecords(path.join(data, `standards.${format}`), format, rows(generateStandards()), ["province", "supersedesCodes", "equivalentCodes"]);
    const metrologyColumns = ["instrument.model", "validUntil", "conclusion", "uncertainty.value", "uncertainty.unit", "uncertainty.coverageFactor"];
    await writeRecords(path.join(data, `metrology.${format}`), format, rows(generateMetrologyResults(options, holders)), metrologyColumns);
  }
  db = await createTestDatabase();
  for (const file of ["institutions.ndjson", "enterprises.ndjson"]) expect((await importCli(work, db, [path.join(data, file)])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe("npm run import of agreements", () => {
  it("imports an id's last row, counting the earlier ones replaced, and a --restart writes and announces nothing", async () => {
    const file = path.join(data, "agreements.ndjson");
    const agreement = (title: string, parties: string[]) => ({ id: "FILE-REPEAT", title, parties, subjectKinds: ["CERTIFICATE"], effectiveFrom: "2024-01-01" });
    await writeRecords(file, "ndjson", [agreement("第一稿", ["SH", "JS"]), agreement("第二稿", ["SH", "ZJ"]), agreement("定稿", ["SH", "JS", "ZJ"])]);
    const events = () => count(`select count(*) as n from outbox.change_event where kind = 'AGREEMENT_UPSERTED' and subject_id = 'FILE-REPEAT'`);
    expect(summaryOf(await importCli(work, db, [file, "--json"]))).toMatchObject({ kind: "agreements", rows: 3, accepted: 1, rejected: 0, replaced: 2 });
    const [{ title }] = (await db.orm.em.fork().execute(`select title from recognition.agreement where id = 'FILE-REPEAT'`)) as { title: string }[];
    expect(title).toBe("定稿");
    const announced = await events();
    expect(announced).toBe(3); // one per party of the last row
    expect(summaryOf(await importCli(work, db, [file, "--restart", "--json"]))).toMatchObject({ rows: 3, accepted: 1, replaced: 2 });
    expect(await events()).toBe(announced);
  });
});

describe("npm run import of standards and metrology results", () => {
  it("imports the NDJSON files through their services, refusing the bad metrology rows with their codes", async () => {
    const standards = summaryOf(await importCli(work, db, [path.join(data, "standards.ndjson"), "--json"]));
    expect(standards).toMatchObject({ kind: "standards", rejected: 0 });
    expect(await count(`select count(*) as n from standards.standard`)).toBe(standards.accepted);

    const file = path.join(data, "metrology.ndjson");
    const metrology = summaryOf(await importCli(work, db, [file, "--batch-size", "250", "--json"]));
    expect(metrology).toMatchObject({ kind: "metrology", rows: 600 });
    expect(metrology.rejected).toBeGreaterThan(5);
    expect(await count(`select count(*) as n from metrology.result`)).toBe(metrology.accepted);
    const codes = new Set(rejectedLines(file).map((r) => r.code));
    expect([...codes]).toEqual(expect.arrayContaining(["UNCERTAINTY_REQUIRED", "CONCLUSION_REQUIRED", "DATE_ORDER"]));
  });

  it("reads the same records from CSV (dotted columns, numbers, lists): importing them changes nothing", async () => {
    const events = await count(`select count(*) as n from outbox.change_event`);
    const standards = summaryOf(await importCli(work, db, [path.join(data, "standards.csv"), "--json"]));
    const metrology = summaryOf(await importCli(work, db, [path.join(data, "metrology.csv"), "--json"]));
    expect(standards).toMatchObject({ format: "csv", rejected: 0 });
    expect(metrology).toMatchObject({ format: "csv", rows: 600 });
    expect(metrology.rejected).toBe(rejectedLines(path.join(data, "metrology.ndjson")).length);
    // Identical to what the NDJSON import stored, uncertainty values included, so nothing is written.
    expect(await count(`select count(*) as n from outbox.change_event`)).toBe(events);
  });
});
