import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../../src/demo/generator";
import { CUT_ROW_MESSAGE } from "../../src/import/file-extent";
import { writeRecords } from "../../src/import/file-writer";
import { runImport, type ImportOptions } from "../../src/import/run-import";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * A file written on while it is imported (an export still running): a run imports the file as it was
 * when the run opened it, and the next run, finding it changed, imports it afresh, so that each key
 * ends as its last row in the whole file says, with no row lost or doubled and no event twice.
 * runImport is called in-process for its hook between taking the file's size and reading its rows.
 */
const work = mkdtempSync(path.join(os.tmpdir(), "yrd-import-growing-"));
const CERTIFICATES = 3_000;
const options = sizesFor(CERTIFICATES, 17, 0.02);
let db: TestDatabase;

const query = async <T = Record<string, unknown>>(sql: string): Promise<T[]> => (await db.orm.em.fork().execute(sql)) as T[];
const count = async (sql: string): Promise<number> => Number((await query<{ n: string }>(sql))[0]!.n);
const run = (file: string, more: Partial<ImportOptions> = {}) =>
  runImport(db.orm, { file, batchSize: 500, restart: false, viewer: { role: "admin", sub: "import-cli" }, progress: { tty: false, intervalMs: 60_000 }, ...more });
const rejectedRows = (file: string) => readFileSync(`${file}.rejected.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { row: number; code: string; message: string });

beforeAll(async () => {
  db = await createTestDatabase();
  const holders = [...generateEnterprises({ ...options, badRows: 0 })];
  await writeRecords(path.join(work, "institutions.ndjson"), "ndjson", generateInstitutions());
  await writeRecords(path.join(work, "enterprises.ndjson"), "ndjson", holders);
  for (const file of ["institutions.ndjson", "enterprises.ndjson"]) expect((await run(path.join(work, file))).rejected).toBe(0);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

it("imports a file that grows meanwhile as it was when the run opened it; the next run imports the grown file afresh", async () => {
  const holders = [...generateEnterprises({ ...options, badRows: 0 })];
  const [template] = [...generateCertificates({ ...options, badRows: 0, certificates: 1 }, holders)];
  const line = (number: string, status: string) => JSON.stringify({ ...template!, number, status });
  const file = path.join(work, "certificates.ndjson");
  await writeRecords(file, "ndjson", generateCertificates(options, holders));
  // The export is being written: its last row so far is cut inside its status.
  const cutRow = line("GROW-0003", "WITHDRAWN");
  const cutAt = cutRow.indexOf("WITHDRAWN") + 3;
  appendFileSync(file, cutRow.slice(0, cutAt));
  const size = readFileSync(file).length;
  // Once the run has taken the file's size (its checkpoint's key), the rest is written: the cut row
  // whole, then a certificate twice (its last row is the one a file means) and another.
  const appended = `${cutRow.slice(cutAt)}\n${[line("GROW-0001", "ACTIVE"), line("GROW-0001", "WITHDRAWN"), line("GROW-0002", "ACTIVE")].join("\n")}\n`;

  const first = await run(file, { onJobOpened: () => appendFileSync(file, appended) });
  expect(first).toMatchObject({ rows: CERTIFICATES + 1, replaced: 0, alreadyDone: false });
  expect(await count(`select count(*) as n from certification.certificate where number like 'GROW-%'`)).toBe(0);
  const refused = rejectedRows(file);
  expect(refused).toHaveLength(first.rejected);
  expect(refused.filter((r) => r.code === "DUPLICATE_IN_BATCH")).toEqual([]);
  expect(refused[refused.length - 1]).toMatchObject({ row: CERTIFICATES + 1, code: "PARSE_ERROR", message: CUT_ROW_MESSAGE });
  expect(await query(`select file_size::int as size, byte_offset::int as offset, rows_read::int as rows, status from bulk_import.job where path = '${file}'`)).toEqual([
    { size, offset: size, rows: CERTIFICATES + 1, status: "DONE" },
  ]);
  const stored = await count(`select count(*) as n from certification.certificate`);
  expect(stored).toBe(first.accepted);
  const certificateEvents = `from outbox.change_event where kind like 'CERTIFICATE%'`;
  const events = await count(`select count(*) as n ${certificateEvents}`);
  expect(events).toBe(stored);

  // The file has changed since: imported afresh, its earlier rows find themselves stored and write
  // nothing; the appended rows are imported, GROW-0001 as its last row.
  const second = await run(file);
  expect(second).toMatchObject({ rows: CERTIFICATES + 4, resumedFromRow: 0, alreadyDone: false, replaced: 1, accepted: first.accepted + 3, rejected: first.rejected - 1 });
  expect(await query(`select number, status from certification.certificate where number like 'GROW-%' order by number`)).toEqual([
    { number: "GROW-0001", status: "WITHDRAWN" },
    { number: "GROW-0002", status: "ACTIVE" },
    { number: "GROW-0003", status: "WITHDRAWN" },
  ]);
  expect(await count(`select count(*) as n from certification.certificate`)).toBe(stored + 3);
  expect(await count(`select count(*) as n ${certificateEvents}`)).toBe(events + 3);
  expect(await count(`select count(distinct subject_id) as n ${certificateEvents}`)).toBe(stored + 3);
  // Each refused row listed once: those of the first run, but the cut row, which is whole now.
  expect(rejectedRows(file)).toEqual(refused.slice(0, -1));

  expect(await run(file)).toMatchObject({ alreadyDone: true, rows: CERTIFICATES + 4 });
}, 60_000);
