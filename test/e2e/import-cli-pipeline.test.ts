import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../../src/demo/generator";
import { writeRecords } from "../../src/import/file-writer";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { buildCli, importCli, rejectedLines, summaryOf } from "./import-cli-harness";

/**
 * Certificates import with batches in flight (two, and three, the default): an import killed at any
 * moment and resumed ends exactly as a one-batch-at-a-time import does: the same rows, status history,
 * rejected rows, and the same events in the same order. A file that repeats certificates is imported
 * as its last row of each, whatever the batch size, and importing it again changes nothing. An import
 * whose database connections are cut in mid-run stops, and the same command resumes it as after a kill.
 */
const work = mkdtempSync(path.join(os.tmpdir(), "yrd-import-pipeline-"));
const data = path.join(work, "data");
const CERTIFICATES = 6_000;
const options = sizesFor(CERTIFICATES, 13, 0.01);
let piped: TestDatabase;
let serial: TestDatabase;
/** What importing the overlapping file over its originals must emit. */
const expected = { upserted: 0, statusChanged: 0, refused: 0 };

const query = async <T = Record<string, unknown>>(db: TestDatabase, sql: string): Promise<T[]> => (await db.orm.em.fork().execute(sql)) as T[];
const count = async (db: TestDatabase, sql: string): Promise<number> => Number((await query<{ n: string }>(db, sql))[0]!.n);

const certificates = (db: TestDatabase, prefix: string) =>
  query(db, `select issuer_id, number, kind, scheme, province, holder_uscc, holder_name, scope, standard_codes,
                    issued_on::text as issued_on, valid_until::text as valid_until, status
             from certification.certificate where number like '${prefix}%' order by issuer_id, number`);
// The time of a change made by an import is when it ran; that of a first status is the issue date.
const history = (db: TestDatabase, prefix: string) =>
  query(db, `select c.issuer_id, c.number, h.status, h.reason, h.actor, case when h.reason = 'Imported' then h.at::text end as at
             from certification.status_history h join certification.certificate c on c.id = h.certificate_id
             where c.number like '${prefix}%' order by c.issuer_id, c.number, h.id`);
/** Every certificate event in outbox order, by the certificate's key (ids differ between databases). */
const events = (db: TestDatabase, prefix: string) =>
  query(db, `select e.kind, c.issuer_id, c.number from outbox.change_event e
             join certification.certificate c on c.id::text = e.subject_id
             where e.kind like 'CERTIFICATE%' and c.number like '${prefix}%' order by e.id`);

beforeAll(async () => {
  buildCli(path.join(work, "build"));
  mkdirSync(data, { recursive: true });
  const holders = [...generateEnterprises({ ...options, badRows: 0 })];
  await writeRecords(path.join(data, "institutions.ndjson"), "ndjson", generateInstitutions());
  await writeRecords(path.join(data, "enterprises.ndjson"), "ndjson", holders);
  await writeRecords(path.join(data, "certificates.ndjson"), "ndjson", generateCertificates(options, holders));

  // Chunks of 50 certificates, each followed by 50 rows that repeat them: unchanged, with a new scope,
  // or with a new status (allowed or not). Imported over the originals (their own file first), the
  // repeats are what the file says of each certificate.
  const originals = [...generateCertificates({ ...options, badRows: 0, certificates: 1_000 }, holders)].map((r) => ({ ...r, number: `OV-${r.number}` }));
  const overlapping: Record<string, unknown>[] = [];
  for (let chunk = 0; chunk < originals.length; chunk += 50) {
    const rows = originals.slice(chunk, chunk + 50);
    overlapping.push(...rows);
    rows.forEach((r, i) => {
      const open = r.status === "ACTIVE" || r.status === "SUSPENDED";
      const changed = (i % 4 === 2 || i % 4 === 3) && open;
      expected.upserted += i % 4 === 1 || changed ? 1 : 0;
      expected.statusChanged += changed ? 1 : 0;
      expected.refused += i % 4 === 2 && !open ? 1 : 0;
      switch (i % 4) {
        case 0: return overlapping.push(r);
        case 1: return overlapping.push({ ...r, scope: `${r.scope}（扩项）` });
        case 2: return overlapping.push({ ...r, status: r.status === "ACTIVE" ? "SUSPENDED" : "ACTIVE" }); // from WITHDRAWN or CANCELLED: refused
        default: return overlapping.push(open ? { ...r, status: "CANCELLED" } : r);
      }
    });
  }
  await writeRecords(path.join(data, "overlapping-certificates.ndjson"), "ndjson", overlapping);
  await writeRecords(path.join(data, "original-certificates.ndjson"), "ndjson", originals);
  await writeRecords(path.join(data, "cut-certificates.ndjson"), "ndjson",
    [...generateCertificates({ ...options, certificates: 4_000 }, holders)].map((r) => ({ ...r, number: `CUT-${r.number}` })));

  [piped, serial] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  for (const db of [piped, serial]) {
    for (const file of ["institutions.ndjson", "enterprises.ndjson"]) expect((await importCli(work, db, [path.join(data, file)])).code).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([piped?.drop(), serial?.drop()]);
  rmSync(work, { recursive: true, force: true });
});

describe("npm run import with batches in flight", () => {
  it("resumes after kill -9 with exactly the rows, history, events (in order) and rejected rows of a one-at-a-time run", async () => {
    const file = path.join(data, "certificates.ndjson");
    const killed = await importCli(work, piped, [file, "--batch-size", "200", "--pipeline", "2", "--progress-every", "0", "--json"], 5);
    expect(killed.signal).toBe("SIGKILL");
    const [job] = await query<{ rows: number; accepted: number; status: string }>(piped, `select rows_read::int as rows, accepted::int as accepted, status from bulk_import.job where kind = 'certificates'`);
    expect(job!.status).toBe("RUNNING");
    expect(job!.rows % 200).toBe(0);
    expect(job!.rows).toBeGreaterThan(0);
    expect(job!.rows).toBeLessThan(CERTIFICATES);
    // Committed is exactly what the checkpoint says: the batch that was being written when the
    // process died left nothing behind, neither rows nor events.
    expect(await count(piped, `select count(*) as n from certification.certificate`)).toBe(job!.accepted);
    expect(await count(piped, `select count(*) as n from outbox.change_event where kind = 'CERTIFICATE_UPSERTED'`)).toBe(job!.accepted);

    const resumed = await importCli(work, piped, [file, "--batch-size", "200", "--pipeline", "2", "--json"]);
    expect(resumed.code).toBe(0);
    expect(summaryOf(resumed)).toMatchObject({ rows: CERTIFICATES, resumedFromRow: job!.rows });

    const cleanFile = path.join(work, "clean", "certificates.ndjson");
    mkdirSync(path.dirname(cleanFile), { recursive: true });
    copyFileSync(file, cleanFile);
    const clean = await importCli(work, serial, [cleanFile, "--batch-size", "200", "--pipeline", "1", "--json"]);
    expect(clean.code).toBe(0);
    const reference = summaryOf(clean);
    expect(summaryOf(resumed)).toMatchObject({ accepted: reference.accepted, rejected: reference.rejected });
    expect(reference.rejected).toBeGreaterThan(20);

    expect(await certificates(piped, "")).toEqual(await certificates(serial, ""));
    expect(await history(piped, "")).toEqual(await history(serial, ""));
    const sequence = await events(piped, "");
    expect(sequence).toHaveLength(reference.accepted);
    expect(sequence).toEqual(await events(serial, ""));
    expect(rejectedLines(file)).toEqual(rejectedLines(cleanFile));
  }, 60_000);

  it("imports a file's last row of each certificate it repeats, whatever the batch size; importing it again changes nothing", async () => {
    const copies = (dir: string) => {
      mkdirSync(path.join(work, dir), { recursive: true });
      return ["original-certificates.ndjson", "overlapping-certificates.ndjson"].map((name) => {
        copyFileSync(path.join(data, name), path.join(work, dir, name));
        return path.join(work, dir, name);
      });
    };
    const [pipedOriginals, pipedFile] = copies("piped");
    const [serialOriginals, serialFile] = copies("serial");
    expect(summaryOf(await importCli(work, piped, [pipedOriginals, "--batch-size", "50", "--json"]))).toMatchObject({ accepted: 1_000 });
    expect(summaryOf(await importCli(work, serial, [serialOriginals, "--batch-size", "7", "--pipeline", "1", "--json"]))).toMatchObject({ accepted: 1_000 });
    const eventsBefore = (await events(piped, "OV-")).length;

    const run = summaryOf(await importCli(work, piped, [pipedFile, "--batch-size", "50", "--pipeline", "2", "--json"]));
    const reference = summaryOf(await importCli(work, serial, [serialFile, "--batch-size", "7", "--pipeline", "1", "--json"]));
    // The first 50 of each chunk are replaced by the 50 after them; of those, a status that a final one
    // cannot become is refused.
    expect(reference).toMatchObject({ rows: 2_000, replaced: 1_000, accepted: 1_000 - expected.refused, rejected: expected.refused });
    expect(run).toMatchObject({ rows: 2_000, replaced: 1_000, accepted: reference.accepted, rejected: reference.rejected });
    expect(expected.refused).toBeGreaterThan(0);
    expect(new Set(rejectedLines(pipedFile).map((r) => r.code))).toEqual(new Set(["INVALID_TRANSITION"]));
    expect(rejectedLines(pipedFile).every((r) => (r.row - 1) % 100 >= 50)).toBe(true);
    expect(rejectedLines(pipedFile)).toEqual(rejectedLines(serialFile));

    expect(await certificates(piped, "OV-")).toEqual(await certificates(serial, "OV-"));
    const changes = await history(piped, "OV-");
    expect(changes).toEqual(await history(serial, "OV-"));
    expect(changes.filter((h) => h.reason === "Changed by import")).toHaveLength(expected.statusChanged);
    const sequence = await events(piped, "OV-");
    expect(sequence).toEqual(await events(serial, "OV-"));
    // Unchanged rows emit nothing; a status change emits UPSERTED and STATUS_CHANGED.
    const kinds = (kind: string) => sequence.slice(eventsBefore).filter((e) => e.kind === kind).length;
    expect(kinds("CERTIFICATE_UPSERTED")).toBe(expected.upserted);
    expect(kinds("CERTIFICATE_STATUS_CHANGED")).toBe(expected.statusChanged);

    // Idempotent: the file again (--restart) finds every certificate as its last row left it. Applying
    // each row in turn would have replayed the first 50 of each chunk as changes and refused some.
    const again = summaryOf(await importCli(work, piped, [pipedFile, "--restart", "--batch-size", "50", "--json"]));
    expect(again).toMatchObject({ rows: 2_000, replaced: 1_000, accepted: run.accepted, rejected: run.rejected });
    expect(await events(piped, "OV-")).toEqual(sequence);
    expect(await history(piped, "OV-")).toEqual(changes);
    expect(rejectedLines(pipedFile)).toEqual(rejectedLines(serialFile));
  }, 60_000);

  it("stops when its database connections are cut in mid-run; the same command resumes to exactly a one-at-a-time run's rows, history, events and rejected rows", async () => {
    const file = path.join(data, "cut-certificates.ndjson");
    // The CLI's connections by their application name (SERVICE_NAME), and the file lock's by its own.
    const cutOff = "yrd-import-cut-off";
    const saved = process.env.SERVICE_NAME;
    process.env.SERVICE_NAME = cutOff;
    let cut = 0;
    try {
      const running = importCli(work, piped, [file, "--batch-size", "100", "--progress-every", "0", "--json"]);
      const committedRows = async () =>
        (await query<{ rows: number }>(piped, `select rows_read::int as rows from bulk_import.job where kind = 'certificates' and path = '${file}'`))[0]?.rows ?? 0;
      for (let waited = 0; (await committedRows()) < 300 && waited < 20_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      cut = await count(piped, `select count(*) as n from (select pg_terminate_backend(pid) from pg_stat_activity
                                 where datname = current_database() and application_name in ('${cutOff}', 'yrd-import-lock')) t`);
      const stopped = await running;
      expect(cut).toBeGreaterThan(0);
      expect(stopped.code).not.toBe(0);
      expect(stopped.signal).toBeNull();
      // The statement that met the cut connection varies; the message names it, the lost connection, and what to do.
      expect(stopped.stderr).toMatch(/^import failed: [\s\S]*connection[\s\S]*the same command resumes from there/i);
    } finally {
      if (saved === undefined) delete process.env.SERVICE_NAME;
      else process.env.SERVICE_NAME = saved;
    }
    const [job] = await query<{ rows: number; accepted: number; status: string }>(piped, `select rows_read::int as rows, accepted::int as accepted, status from bulk_import.job where path = '${file}'`);
    expect(job!.status).toBe("RUNNING");
    expect(job!.rows).toBeGreaterThanOrEqual(300);
    expect(job!.rows).toBeLessThan(4_000);
    // What committed is what the checkpoint says: the batches cut off in flight left nothing behind.
    expect(await count(piped, `select count(*) as n from certification.certificate where number like 'CUT-%'`)).toBe(job!.accepted);

    const resumed = await importCli(work, piped, [file, "--batch-size", "100", "--json"]);
    expect(resumed.code).toBe(0);
    expect(summaryOf(resumed)).toMatchObject({ rows: 4_000, resumedFromRow: job!.rows });

    const cleanFile = path.join(work, "clean", "cut-certificates.ndjson");
    mkdirSync(path.dirname(cleanFile), { recursive: true });
    copyFileSync(file, cleanFile);
    const clean = await importCli(work, serial, [cleanFile, "--batch-size", "100", "--pipeline", "1", "--json"]);
    expect(clean.code).toBe(0);
    expect(summaryOf(resumed)).toMatchObject({ accepted: summaryOf(clean).accepted, rejected: summaryOf(clean).rejected });
    expect(await certificates(piped, "CUT-")).toEqual(await certificates(serial, "CUT-"));
    expect(await history(piped, "CUT-")).toEqual(await history(serial, "CUT-"));
    const sequence = await events(piped, "CUT-");
    expect(sequence).toHaveLength(summaryOf(clean).accepted);
    expect(sequence).toEqual(await events(serial, "CUT-"));
    expect(rejectedLines(file)).toEqual(rejectedLines(cleanFile));
  }, 60_000);
});
