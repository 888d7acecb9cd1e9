import type { Viewer } from "../../src/platform/auth/viewer";
import { importCertificates } from "../../src/subgraphs/certification/certificate-import.service";
import { setCertificateStatus } from "../../src/subgraphs/certification/certificate-status.service";
import { CertificateStatus } from "../../src/subgraphs/certification/certificate.enums";
import { certificationReader } from "../../src/subgraphs/certification/certification.reader";
import { importEnterprises } from "../../src/subgraphs/registry/enterprise.service";
import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, makeUscc } from "../support/fixtures";

/**
 * A certificate's first status lives on the certificate; status_change holds a row for it only from
 * the certificate's first change on. Read through certification.status_history, the history is the
 * same either way: what these tests hold.
 */
const IMPORTER: Viewer = { role: "admin", sub: "first-importer" };
const LATER: Viewer = { role: "admin", sub: "second-importer" };
const REGULATOR: Viewer = { role: "regulator", sub: "zj-regulator", province: "ZJ" } as Viewer;
const holder = makeUscc("330106", "HQ5TRY001");

let db: TestDatabase;
const em = () => db.orm.em.fork();
const idOf = async (number: string) => ((await em().execute(`select id::text as id from certification.certificate where number = ?`, [number])) as { id: string }[])[0]!.id;
type Entry = { status: string; reason: string; actor: string; at: string };
/** The entries of one certificate in `table`, their times in UTC. */
const entries = async (table: string, id: string) =>
  (await em().execute(
    `select status, reason, actor, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at from ${table} where certificate_id = ? order by at, id`,
    [id],
  )) as Entry[];
const rows = (id: string) => entries("certification.status_change", id);
const history = (id: string) => entries("certification.status_history", id);
/** The first entry as imports stored it before: the issue date (2024-01-10) at midnight, UTC+8. */
const first = { status: "ACTIVE", reason: "Imported", actor: "first-importer", at: "2024-01-09T16:00:00Z" };

beforeAll(async () => {
  db = await createTestDatabase();
  await importInstitutions(em(), [certificationBody("CB-ZJ", "ZJ")] as InstitutionRecord[]);
  await importEnterprises(em(), [{ uscc: holder, name: "杭州历史测试有限公司" }]);
}, 30_000);
afterAll(() => db?.drop());

describe("a certificate's status history", () => {
  it("begins with the imported status, from the certificate itself: no history row is written for it", async () => {
    expect(await importCertificates(em(), [certificate({ number: "H-1", holderUscc: holder })], IMPORTER)).toEqual({ accepted: 1, rejected: [] });
    const id = await idOf("H-1");
    expect(await rows(id)).toEqual([]);
    expect(await history(id)).toEqual([first]);
    // Recognition reads the same entry, effective from the issue date.
    const read = await certificationReader(em()).certificates([id]);
    expect(read.get(id)!.history).toEqual([{ status: "ACTIVE", at: "2024-01-09T16:00:00.000Z", effectiveOn: "2024-01-10" }]);
  });

  it("keeps that first entry as a row, with its first importer, when a later import changes the status", async () => {
    await importCertificates(em(), [certificate({ number: "H-2", holderUscc: holder })], IMPORTER);
    const id = await idOf("H-2");
    expect(await importCertificates(em(), [certificate({ number: "H-2", holderUscc: holder, status: "SUSPENDED" })], LATER)).toEqual({ accepted: 1, rejected: [] });
    const stored = await rows(id);
    expect(stored.map(({ status, reason, actor }) => ({ status, reason, actor }))).toEqual([
      { status: "ACTIVE", reason: "Imported", actor: "first-importer" },
      { status: "SUSPENDED", reason: "Changed by import", actor: "second-importer" },
    ]);
    expect(stored[0]!.at).toEqual(first.at);
    expect(await history(id)).toEqual(stored);

    // A second change adds its row alone: the first entry is written once.
    await setCertificateStatus(em(), REGULATOR, id, CertificateStatus.ACTIVE, "整改完成");
    expect((await rows(id)).map((r) => [r.status, r.reason, r.actor])).toEqual([
      ["ACTIVE", "Imported", "first-importer"],
      ["SUSPENDED", "Changed by import", "second-importer"],
      ["ACTIVE", "整改完成", "zj-regulator"],
    ]);
  });

  it("keeps it too when the first change is a regulator's", async () => {
    await importCertificates(em(), [certificate({ number: "H-3", holderUscc: holder })], IMPORTER);
    const id = await idOf("H-3");
    await setCertificateStatus(em(), REGULATOR, id, CertificateStatus.SUSPENDED, "监督抽查不合格");
    expect((await rows(id)).map((r) => [r.status, r.reason, r.actor])).toEqual([
      ["ACTIVE", "Imported", "first-importer"],
      ["SUSPENDED", "监督抽查不合格", "zj-regulator"],
    ]);
    expect((await rows(id))[0]!.at).toEqual(first.at);
  });

  it("writes nothing for a re-import that changes no status", async () => {
    await importCertificates(em(), [certificate({ number: "H-4", holderUscc: holder })], IMPORTER);
    const id = await idOf("H-4");
    await importCertificates(em(), [certificate({ number: "H-4", holderUscc: holder, scope: "新的范围" })], LATER);
    expect(await rows(id)).toEqual([]);
    expect(await history(id)).toEqual([first]);
  });
});
