import type { Viewer } from "../../src/platform/auth/viewer";
import { importCertificates } from "../../src/subgraphs/certification/certificate-import.service";
import { importMetrologyResults } from "../../src/subgraphs/metrology/metrology-import.service";
import type { MetrologyImportRecord } from "../../src/subgraphs/metrology/metrology-rules";
import { importEnterprises } from "../../src/subgraphs/registry/enterprise.service";
import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, makeUscc } from "../support/fixtures";
import { calibration, metrologyInstitute } from "../support/metrology-fixtures";

/**
 * The imports send their rows as array literals (rowset): text that an array literal would read as
 * syntax, or that JSON would escape, must be stored exactly as given, and importing it again must find
 * it unchanged (no write, no event).
 */
const ADMIN: Viewer = { role: "admin", sub: "fidelity-test" };
const TEXTS = ['引号 "quoted", {braces}', "back\\slash \\\\ and \\\"", "NULL", "第一行\n第二行\tTab", "逗号,分隔 , 空格", "emoji 😀 and ＡＢＣ"];
const holder = makeUscc("330106", "TEXT00001");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  await importInstitutions(em, [certificationBody("CB-ZJ", "ZJ"), metrologyInstitute("MET-ZJ", "ZJ")] as InstitutionRecord[]);
}, 30_000);
afterAll(() => db?.drop());

const events = async () => (await db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event`))[0].n as number;

describe("imports store text exactly as given", () => {
  it("an enterprise's name", async () => {
    const name = `杭州 ${TEXTS.join(" | ")} 有限公司`;
    expect(await importEnterprises(db.orm.em.fork(), [{ uscc: holder, name }])).toEqual({ accepted: 1, rejected: [] });
    const [row] = await db.orm.em.fork().execute(`select name from registry.enterprise where uscc = ?`, [holder]);
    expect(row.name).toBe(name);
    const before = await events();
    expect(await importEnterprises(db.orm.em.fork(), [{ uscc: holder, name }])).toEqual({ accepted: 1, rejected: [] });
    expect(await events()).toBe(before);
  });

  it("a certificate's scope, scheme and number, and its holder's name copy", async () => {
    const records = TEXTS.map((text, i) => certificate({ number: `T-${i} ${text.slice(0, 12)}`, scheme: `方案 ${text}`, scope: text, holderUscc: holder }));
    expect(await importCertificates(db.orm.em.fork(), records, ADMIN)).toEqual({ accepted: TEXTS.length, rejected: [] });
    const rows = await db.orm.em.fork().execute(`select number, scheme, scope, holder_name from certification.certificate order by id`);
    expect(rows.map((r) => [r.number, r.scheme, r.scope])).toEqual(records.map((r) => [r.number.trim(), r.scheme, r.scope]));
    const [{ name }] = await db.orm.em.fork().execute(`select name from registry.enterprise where uscc = ?`, [holder]);
    expect(new Set(rows.map((r) => r.holder_name))).toEqual(new Set([name]));
    const before = await events();
    expect(await importCertificates(db.orm.em.fork(), records, ADMIN)).toEqual({ accepted: TEXTS.length, rejected: [] });
    expect(await events()).toBe(before);
  });

  it("a metrology result's instrument and traceability", async () => {
    const records = TEXTS.map((text, i) => calibration({ number: `CAL-T${i}`, ownerUscc: holder, traceability: text, instrument: { name: text, model: `型号 ${text}`, serialNumber: `SN-${i}`, quantity: "压力" } }));
    expect(await importMetrologyResults(db.orm.em.fork(), records as MetrologyImportRecord[], ADMIN)).toEqual({ accepted: TEXTS.length, rejected: [] });
    const rows = await db.orm.em.fork().execute(`select instrument_name, instrument_model, traceability, uncertainty_value from metrology.result order by id`);
    expect(rows.map((r) => [r.instrument_name, r.instrument_model, r.traceability, r.uncertainty_value])).toEqual(TEXTS.map((text) => [text, `型号 ${text}`, text, 0.05]));
    const before = await events();
    expect(await importMetrologyResults(db.orm.em.fork(), records as MetrologyImportRecord[], ADMIN)).toEqual({ accepted: TEXTS.length, rejected: [] });
    expect(await events()).toBe(before);
  });
});
