import type { Viewer } from "../../src/platform/auth/viewer";
import { resetConfig } from "../../src/platform/config";
import { importCertificates } from "../../src/subgraphs/certification/certificate-import.service";
import { syncHolderNames } from "../../src/subgraphs/certification/holder-names.service";
import { importEnterprises } from "../../src/subgraphs/registry/enterprise.service";
import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

/**
 * A certificate keeps a copy of its holder's name for search; the registry owns the name. When an
 * enterprise is renamed, certification follows the outbox's ENTERPRISE_UPSERTED events and brings the
 * copies up to date, so that search finds the certificates by the new name.
 */
const IMPORTER: Viewer = { role: "admin", sub: "holder-names-test" };
const holder = makeUscc("330106", "RENAME001");

describe("holder names in search, after a rename", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 30_000);
  afterAll(() => db?.drop());

  const names = async () => (await db.orm.em.fork().execute(`select number, holder_name from certification.certificate order by number`)) as { number: string; holder_name: string }[];
  const certificateEvents = async () => Number(((await db.orm.em.fork().execute(`select count(*) as n from outbox.change_event where kind like 'CERTIFICATE%'`))[0] as { n: string }).n);

  it("are brought up to the registry's by syncHolderNames, once, and a re-import then changes nothing", async () => {
    const em = () => db.orm.em.fork();
    await importInstitutions(em(), [certificationBody("CB-ZJ", "ZJ")] as InstitutionRecord[]);
    await importEnterprises(em(), [{ uscc: holder, name: "杭州旧名称科技有限公司" }]);
    const records = [certificate({ number: "REN-1", holderUscc: holder }), certificate({ number: "REN-2", holderUscc: holder })];
    expect(await importCertificates(em(), records, IMPORTER)).toEqual({ accepted: 2, rejected: [] });
    expect(await syncHolderNames(em())).toEqual({ updated: 0, more: false }); // nothing renamed yet

    await importEnterprises(em(), [{ uscc: holder, name: "杭州新名称科技有限公司" }]);
    expect((await names()).map((n) => n.holder_name)).toEqual(["杭州旧名称科技有限公司", "杭州旧名称科技有限公司"]);
    expect(await syncHolderNames(em())).toEqual({ updated: 2, more: false });
    expect((await names()).map((n) => n.holder_name)).toEqual(["杭州新名称科技有限公司", "杭州新名称科技有限公司"]);
    expect(await syncHolderNames(em())).toEqual({ updated: 0, more: false }); // the cursor moved past the rename

    const events = await certificateEvents();
    expect(await importCertificates(em(), records, IMPORTER)).toEqual({ accepted: 2, rejected: [] });
    expect(await certificateEvents()).toBe(events); // unchanged certificates write and announce nothing
  });

  it("are refreshed by a re-import that finds them stale, without a history entry or an event", async () => {
    // The server's sync has not run (an import by the CLI alone): the copy is stale when the
    // certificates come again unchanged. The certificate itself did not change, so nothing is announced.
    const em = () => db.orm.em.fork();
    const renamed = makeUscc("330106", "RENAME003");
    await importInstitutions(em(), [certificationBody("CB-ZJ", "ZJ")] as InstitutionRecord[]);
    await importEnterprises(em(), [{ uscc: renamed, name: "温州旧名称电器有限公司" }]);
    const records = [certificate({ number: "REN-3", holderUscc: renamed }), certificate({ number: "REN-4", holderUscc: renamed })];
    expect(await importCertificates(em(), records, IMPORTER)).toEqual({ accepted: 2, rejected: [] });
    await importEnterprises(em(), [{ uscc: renamed, name: "温州新名称电器有限公司" }]);
    const history = async () => Number(((await em().execute(`select count(*) as n from certification.status_history`))[0] as { n: string }).n);
    const updatedAt = async () => (await em().execute(`select number, updated_at from certification.certificate where number in ('REN-3', 'REN-4') order by number`)) as { number: string; updated_at: Date }[];
    const [events, entries, updated] = [await certificateEvents(), await history(), await updatedAt()];

    expect(await importCertificates(em(), records, IMPORTER)).toEqual({ accepted: 2, rejected: [] });
    expect((await names()).filter((n) => n.number >= "REN-3").map((n) => n.holder_name)).toEqual(["温州新名称电器有限公司", "温州新名称电器有限公司"]);
    expect(await certificateEvents()).toBe(events);
    expect(await history()).toBe(entries);
    expect(await updatedAt()).toEqual(updated); // the certificate did not change: nor does its updatedAt

    // A real change beside it is still announced, once.
    expect(await importCertificates(em(), [records[0]!, { ...records[1]!, scope: "换了范围" }], IMPORTER)).toEqual({ accepted: 2, rejected: [] });
    expect(await certificateEvents()).toBe(events + 1);
  });
});

describe("the running platform", () => {
  let t: TestPlatform;
  beforeAll(async () => {
    // Off by default under test (see config.ts): this platform runs it, every 100 ms.
    process.env.HOLDER_NAME_SYNC_MS = "100";
    resetConfig();
    t = await startTestPlatform();
  }, 60_000);
  afterAll(async () => {
    delete process.env.HOLDER_NAME_SYNC_MS;
    resetConfig();
    await t?.stop();
  });

  it("finds a renamed holder's certificates by the new name within moments", async () => {
    const other = makeUscc("330106", "RENAME002");
    await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
    await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: other, name: "宁波老字号电器有限公司" }] }, ADMIN);
    await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "REN-P1", holderUscc: other })] }, ADMIN);
    await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: other, name: "宁波新字号智能科技有限公司" }] }, ADMIN);
    const found = async (term: string) =>
      ((await t.ok(`query($s: String) { certificates(filter: { search: $s }) { totalCount } }`, { s: term })) as { certificates: { totalCount: number } }).certificates.totalCount;
    const deadline = Date.now() + 10_000;
    while ((await found("新字号智能")) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await found("新字号智能")).toBe(1);
    expect(await found("老字号电器")).toBe(0);
  });
});
