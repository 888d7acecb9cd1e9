import pg from "pg";
import type { Viewer } from "../../src/platform/auth/viewer";
import { transaction } from "../../src/platform/database/transaction";
import { ProvinceCode } from "../../src/platform/province";
import { importCertificates } from "../../src/subgraphs/certification/certificate-import.service";
import { importMetrologyResults } from "../../src/subgraphs/metrology/metrology-import.service";
import type { MetrologyImportRecord } from "../../src/subgraphs/metrology/metrology-rules";
import { defineRecognitionAgreement } from "../../src/subgraphs/recognition/agreement.service";
import { importEnterprises } from "../../src/subgraphs/registry/enterprise.service";
import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, makeUscc } from "../support/fixtures";
import { calibration, metrologyInstitute } from "../support/metrology-fixtures";

/**
 * Two writers of the same new keys at once: an import (or mutation) on one connection, and another
 * one whose transaction is held open until the first has reached the row it wrote and waits for it.
 * A row that did not exist cannot be locked in advance, so these are the cases the services must settle
 * after the fact: the rules hold against what the other one committed, and an unchanged row emits nothing.
 */
const ADMIN: Viewer = { role: "admin", sub: "race-test" };
const holder = makeUscc("330106", "RACE00001");
let db: TestDatabase;
let probe: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  await importInstitutions(em, [certificationBody("CB-ZJ", "ZJ"), metrologyInstitute("MET-ZJ", "ZJ")] as InstitutionRecord[]);
  await importEnterprises(em, [{ uscc: holder, name: "杭州竞态测试有限公司" }]);
  probe = new pg.Client({ connectionString: db.url });
  await probe.connect();
}, 30_000);

afterAll(async () => {
  await probe?.end();
  await db?.drop();
});

/** Runs `work` in a transaction that commits only when `release` is called. */
function heldOpen<T>(work: (tx: Parameters<Parameters<typeof transaction>[1]>[0]) => Promise<T>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const ready = new Promise<void>((resolve) => (reached = resolve));
  const done = transaction(db.orm.em.fork(), async (tx) => {
    const result = await work(tx);
    reached();
    await released;
    return result;
  });
  return { ready, release, done };
}

/** Resolves once a backend of the test database waits for a lock held by another transaction. */
async function someoneWaitsForALock(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await probe.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no transaction came to wait for the held one");
}

/** The second writer, started once the first holds its rows, and the first then released. */
async function race<T>(first: ReturnType<typeof heldOpen>, second: () => Promise<T>): Promise<T> {
  await first.ready;
  const result = second();
  result.catch(() => undefined);
  await someoneWaitsForALock();
  first.release();
  await first.done;
  return result;
}

const events = async (subjectIds: string[]) =>
  (await probe.query(`select kind, subject_id from outbox.change_event where subject_id = any($1) order by id`, [subjectIds])).rows;
const certificateRow = async (number: string) =>
  (await probe.query(`select id::text, status from certification.certificate where number = $1`, [number])).rows[0] as { id: string; status: string };

describe("imports of the same new keys at once", () => {
  it("hold a certificate's status rules against the one the other import committed", async () => {
    const withdrawn = certificate({ number: "RACE-1", issuerId: "CB-ZJ", holderUscc: holder, status: "WITHDRAWN" });
    const first = heldOpen((tx) => importCertificates(tx, [withdrawn], ADMIN));
    const result = await race(first, () =>
      importCertificates(db.orm.em.fork(), [{ ...withdrawn, status: "ACTIVE" }, certificate({ number: "RACE-2", issuerId: "CB-ZJ", holderUscc: holder })], ADMIN));

    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([expect.objectContaining({ index: 0, code: "INVALID_TRANSITION" })]);
    const [race1, race2] = [await certificateRow("RACE-1"), await certificateRow("RACE-2")];
    expect(race1.status).toBe("WITHDRAWN");
    const history = await probe.query(`select status from certification.status_history where certificate_id = $1`, [race1.id]);
    expect(history.rows).toEqual([{ status: "WITHDRAWN" }]);
    expect(await events([race1.id, race2.id])).toEqual([
      { kind: "CERTIFICATE_UPSERTED", subject_id: race1.id },
      { kind: "CERTIFICATE_UPSERTED", subject_id: race2.id },
    ]);
  });

  it("write and announce an identical certificate once, and a changed one as an update of the other's", async () => {
    const same = certificate({ number: "RACE-3", issuerId: "CB-ZJ", holderUscc: holder });
    const changed = certificate({ number: "RACE-4", issuerId: "CB-ZJ", holderUscc: holder });
    const first = heldOpen((tx) => importCertificates(tx, [same, changed], ADMIN));
    const result = await race(first, () => importCertificates(db.orm.em.fork(), [same, { ...changed, status: "SUSPENDED" }], ADMIN));

    expect(result).toEqual({ accepted: 2, rejected: [] });
    const [race3, race4] = [await certificateRow("RACE-3"), await certificateRow("RACE-4")];
    expect(race4.status).toBe("SUSPENDED");
    expect(await events([race3.id, race4.id])).toEqual([
      { kind: "CERTIFICATE_UPSERTED", subject_id: race3.id },
      { kind: "CERTIFICATE_UPSERTED", subject_id: race4.id },
      { kind: "CERTIFICATE_UPSERTED", subject_id: race4.id },
      { kind: "CERTIFICATE_STATUS_CHANGED", subject_id: race4.id },
    ]);
    const history = await probe.query(`select status, reason from certification.status_change where certificate_id = $1 order by id`, [race4.id]);
    expect(history.rows).toEqual([{ status: "ACTIVE", reason: "Imported" }, { status: "SUSPENDED", reason: "Changed by import" }]);
  });

  it("announce an identical metrology result once", async () => {
    const result = calibration({ number: "RACE-CAL-1", ownerUscc: holder }) as unknown as MetrologyImportRecord;
    const first = heldOpen((tx) => importMetrologyResults(tx, [result], ADMIN));
    expect(await race(first, () => importMetrologyResults(db.orm.em.fork(), [result], ADMIN))).toEqual({ accepted: 1, rejected: [] });
    const { rows } = await probe.query(`select count(*)::int as n from outbox.change_event where kind = 'METROLOGY_RESULT_UPSERTED'`);
    expect(rows[0].n).toBe(1);
  });

  it("record a new institution's accreditations once", async () => {
    const institution = certificationBody("CB-RACE", "AH") as InstitutionRecord;
    const first = heldOpen((tx) => importInstitutions(tx, [institution]));
    expect(await race(first, () => importInstitutions(db.orm.em.fork(), [institution]))).toEqual({ accepted: 1, rejected: [] });
    const history = await probe.query(
      `select h.status from registry.accreditation_status_change h join registry.accreditation a on a.id = h.accreditation_id where a.institution_id = 'CB-RACE'`);
    expect(history.rows).toEqual([{ status: "ACTIVE" }]);
    expect(await events(["CB-RACE"])).toEqual([{ kind: "INSTITUTION_UPSERTED", subject_id: "CB-RACE" }]);
  });

  it("keep a regulator from taking over an agreement another province created meanwhile", async () => {
    const regulator = (province: ProvinceCode): Viewer => ({ role: "regulator", sub: `reg-${province}`, province });
    const agreement = { id: "RACE-AG", title: "沪苏互认", parties: ["SH", "JS"], subjectKinds: ["CERTIFICATE"], effectiveFrom: "2026-01-01" };
    const first = heldOpen((tx) => defineRecognitionAgreement(tx, regulator(ProvinceCode.SH), agreement));
    const second = race(first, () => defineRecognitionAgreement(db.orm.em.fork(), regulator(ProvinceCode.ZJ), { ...agreement, title: "浙皖", parties: ["ZJ", "AH"] }));

    await expect(second).rejects.toThrow(/is between SH, JS; a regulator of ZJ may not change it/);
    const { rows } = await probe.query(`select title, parties from recognition.agreement where id = 'RACE-AG'`);
    expect(rows).toEqual([{ title: "沪苏互认", parties: ["SH", "JS"] }]);
  });
});
