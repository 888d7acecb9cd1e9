import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { IMPORT_METROLOGY, metrologyInstitute, verification } from "../support/metrology-fixtures";
import { buildCli, importCli, rejectedLines, summaryOf } from "./import-cli-harness";

/**
 * Values from real provincial exports: full-width USCCs and dates (a Chinese input method), padded enum
 * cells. The mutations and the import CLI must read them alike, and as the same keys as their ASCII forms.
 */
const work = mkdtempSync(path.join(os.tmpdir(), "yrd-input-normalisation-"));
let t: TestPlatform;

/** "91330106…" typed full-width: digits and capitals shifted to U+FF10.. / U+FF21.. */
const fullWidth = (text: string) => text.replace(/[0-9A-Z-]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
const HZ = makeUscc("330106", "MA27XN001");
const SZ = makeUscc("320505", "MA1MXN002");
const count = async (sql: string): Promise<number> => Number(((await t.db.orm.em.fork().execute(sql))[0] as { n: string }).n);
const ndjson = (name: string, rows: unknown[]) => {
  const file = path.join(work, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return file;
};

beforeAll(async () => {
  buildCli(path.join(work, "build"));
  t = await startTestPlatform();
  const institutions = await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ"), metrologyInstitute("MET-ZJ", "ZJ")] }, ADMIN);
  expect(institutions.importInstitutions.rejected).toEqual([]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a full-width USCC", () => {
  it("is the same enterprise as its half-width form in a mutation: stored, looked up and refused as a duplicate under one key", async () => {
    const records = [{ uscc: fullWidth(HZ), name: "杭州全角科技有限公司" }, { uscc: HZ, name: "杭州半角科技有限公司" }];
    const data = await t.ok(IMPORT_ENTERPRISES, { records }, ADMIN);
    expect(data.importEnterprises.accepted).toBe(1);
    expect(data.importEnterprises.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([[1, "DUPLICATE_IN_BATCH"]]);
    expect(await count(`select count(*) as n from registry.enterprise where uscc = '${HZ}'`)).toBe(1);
    const found = await t.ok(`query($u: String!) { enterprise(uscc: $u) { uscc name } }`, { u: fullWidth(HZ) });
    expect(found.enterprise).toEqual({ uscc: HZ, name: "杭州全角科技有限公司" });
    // The half-width form of a stored full-width one is no change: nothing written or announced.
    const events = await count(`select count(*) as n from outbox.change_event where subject_id = '${HZ}'`);
    expect((await t.ok(IMPORT_ENTERPRISES, { records: [records[0]] }, ADMIN)).importEnterprises).toEqual({ accepted: 1, rejected: [] });
    expect(await count(`select count(*) as n from outbox.change_event where subject_id = '${HZ}'`)).toBe(events);
  });

  it("names the holder of a certificate and the owner of a metrology result by the stored key", async () => {
    const certificate = {
      number: "FW-1", kind: "PRODUCT", scheme: "CCC", issuerId: "CB-ZJ", holderUscc: fullWidth(HZ), scope: "x",
      standardCodes: [], issuedOn: "2024-01-10", validUntil: "2027-01-10",
    };
    expect((await t.ok(IMPORT_CERTIFICATES, { records: [certificate] }, ADMIN)).importCertificates).toEqual({ accepted: 1, rejected: [] });
    expect((await t.ok(IMPORT_METROLOGY, { records: [verification({ number: "FW-M1", ownerUscc: fullWidth(HZ) })] }, ADMIN)).importMetrologyResults).toEqual({ accepted: 1, rejected: [] });
    expect(await count(`select count(*) as n from certification.certificate where number = 'FW-1' and holder_uscc = '${HZ}'`)).toBe(1);
    expect(await count(`select count(*) as n from metrology.result where number = 'FW-M1' and owner_uscc = '${HZ}'`)).toBe(1);
  });

  it("is one key for the import CLI too: a file with both forms imports the last row, the earlier one replaced", async () => {
    const file = ndjson("fw-enterprises.ndjson", [{ uscc: fullWidth(SZ), name: "苏州第一稿" }, { uscc: ` ${SZ.slice(0, 6)}-${SZ.slice(6).toLowerCase()}\u3000`, name: "苏州定稿" }]);
    expect(summaryOf(await importCli(work, t.db, [file, "--json"]))).toMatchObject({ kind: "enterprises", rows: 2, accepted: 1, rejected: 0, replaced: 1 });
    const rows = await t.db.orm.em.fork().execute(`select uscc, name from registry.enterprise where uscc like '91320505%'`);
    expect(rows).toEqual([{ uscc: SZ, name: "苏州定稿" }]);
  });
});

describe("padded enum values and padded or full-width dates in a file", () => {
  it("are read as the values they pad; a Chinese status word or another date notation is still refused, saying what to give", async () => {
    const row = (number: string, over: Record<string, unknown>) => ({
      number, kind: "PRODUCT", scheme: "CCC", issuerId: "CB-ZJ", holderUscc: SZ, scope: "x", standardCodes: [],
      issuedOn: "2024-01-10", validUntil: "2027-01-10", status: "ACTIVE", ...over,
    });
    const file = ndjson("ws-certificates.ndjson", [
      row("WS-1", { issuedOn: " 2024-01-10" }),
      row("WS-2", { kind: " PRODUCT", validUntil: "２０２７－０１－１０\u3000" }),
      row("WS-3", { status: "有效" }),
      row("WS-4", { issuedOn: "2024年01月10日" }),
      row("WS-5", { issuedOn: "2024/1/10" }),
      row("WS-6", { issuedOn: "45301" }),
      row("WS-7", { status: "  " }),
      row("WS-8", { status: "" }),
    ]);
    expect(summaryOf(await importCli(work, t.db, [file, "--json"]))).toMatchObject({ rows: 8, accepted: 4, rejected: 4 });
    expect(rejectedLines(file).map((r) => [r.row, r.code, r.field, r.message])).toEqual([
      [3, "ENUM_VALUE", "status", 'status "有效" is not one of ACTIVE, SUSPENDED, WITHDRAWN, CANCELLED'],
      [4, "DATE_FORMAT", "issuedOn", 'issuedOn "2024年01月10日" is not a date written YYYY-MM-DD, such as 2024-01-10'],
      [5, "DATE_FORMAT", "issuedOn", 'issuedOn "2024/1/10" is not a date written YYYY-MM-DD, such as 2024-01-10'],
      [6, "DATE_FORMAT", "issuedOn", 'issuedOn "45301" is not a date written YYYY-MM-DD, such as 2024-01-10'],
    ]);
    const stored = await t.db.orm.em.fork().execute(`select number, kind, status, issued_on::text, valid_until::text from certification.certificate where number like 'WS-%' order by number`);
    // A blank status is not given: the default, ACTIVE.
    expect(stored).toEqual(["WS-1", "WS-2", "WS-7", "WS-8"].map((number) => ({ number, kind: "PRODUCT", status: "ACTIVE", issued_on: "2024-01-10", valid_until: "2027-01-10" })));
  });

  it("are read alike by the institution, metrology and agreement imports, and stored trimmed", async () => {
    const institutions = ndjson("ws-institutions.ndjson", [{
      id: "MET-JS", name: "江苏计量院", kind: "METROLOGY_INSTITUTE ", province: " JS",
      accreditations: [{ scheme: "METROLOGY_AUTHORIZATION\t", number: "MA-JS", scope: ["压力"], status: " ACTIVE", validFrom: "２０１５－０１－０１", validUntil: " " }],
    }]);
    expect(summaryOf(await importCli(work, t.db, [institutions, "--json"]))).toMatchObject({ accepted: 1, rejected: 0 });
    const metrology = ndjson("ws-metrology.ndjson", [verification({ number: "WS-M1", issuerId: "MET-JS", ownerUscc: fullWidth(SZ), kind: "VERIFICATION ", conclusion: " FAIL", measuredOn: " 2025-05-10", validUntil: "２０２６－０５－０９" })]);
    expect(summaryOf(await importCli(work, t.db, [metrology, "--json"]))).toMatchObject({ accepted: 1, rejected: 0 });
    const agreements = ndjson("ws-agreements.ndjson", [{ id: "WS-AGR", title: "互认", parties: ["SH ", " JS"], subjectKinds: ["CERTIFICATE "], effectiveFrom: " 2024-01-01 " }]);
    expect(summaryOf(await importCli(work, t.db, [agreements, "--json"]))).toMatchObject({ accepted: 1, rejected: 0 });

    const em = t.db.orm.em.fork();
    expect(await em.execute(`select kind, province from registry.institution where id = 'MET-JS'`)).toEqual([{ kind: "METROLOGY_INSTITUTE", province: "JS" }]);
    expect(await em.execute(`select scheme, status, valid_from::text, valid_until from registry.accreditation where institution_id = 'MET-JS'`))
      .toEqual([{ scheme: "METROLOGY_AUTHORIZATION", status: "ACTIVE", valid_from: "2015-01-01", valid_until: null }]);
    expect(await em.execute(`select kind, conclusion, owner_uscc, measured_on::text, valid_until::text from metrology.result where number = 'WS-M1'`))
      .toEqual([{ kind: "VERIFICATION", conclusion: "FAIL", owner_uscc: SZ, measured_on: "2025-05-10", valid_until: "2026-05-09" }]);
    expect(await em.execute(`select parties, subject_kinds, effective_from::text from recognition.agreement where id = 'WS-AGR'`))
      .toEqual([{ parties: ["SH", "JS"], subject_kinds: ["CERTIFICATE"], effective_from: "2024-01-01" }]);
  });
});
