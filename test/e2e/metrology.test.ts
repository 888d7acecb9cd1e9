import { ADMIN, countStatements, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificationBody, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { calibration, IMPORT_METROLOGY, metrologyInstitute, testingLab, verification } from "../support/metrology-fixtures";

let t: TestPlatform;
const HZ = makeUscc("330106", "MA27XM001");
const SZ = makeUscc("320505", "MA1MXM002");
const UNREGISTERED = makeUscc("340104", "MA2AXM003");

/** Statements of one request; the least of three runs, since other subgraphs' timers (feed polling, retention) share the process counter. */
const statementsOf = async (run: () => Promise<unknown>): Promise<number> => {
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) counts.push((await countStatements(run)).statements);
  return Math.min(...counts);
};

beforeAll(async () => {
  t = await startTestPlatform();
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州计量测试电子有限公司" }, { uscc: SZ, name: "苏州精密仪表有限公司" }] }, ADMIN);
  const institutions = await t.ok(IMPORT_INSTITUTIONS, { records: [metrologyInstitute("MET-ZJ", "ZJ"), testingLab("LAB-SH", "SH"), certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
  expect(institutions.importInstitutions.rejected).toEqual([]);
});
afterAll(async () => {
  await t?.stop();
});

const importResults = async (records: unknown[], as: Parameters<TestPlatform["ok"]>[2] = ADMIN) => (await t.ok(IMPORT_METROLOGY, { records }, as)).importMetrologyResults;
const outboxCount = async (): Promise<number> => {
  const [row] = await t.db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event where kind = 'METROLOGY_RESULT_UPSERTED'`);
  return (row as { n: number }).n;
};
const RESULT = `query($id: ID!) { metrologyResult(id: $id) { id number kind province owner { uscc name } issuer { id name kind }
  instrument { name model serialNumber quantity } procedure measuredOn validUntil conclusion uncertainty { value unit coverageFactor } traceability } }`;

describe("importMetrologyResults: rules", () => {
  it("rejects each broken rule with its code and stores the valid rows", async () => {
    const result = await importResults([
      calibration({ number: "R-0", ownerUscc: HZ }),
      calibration({ number: "R-1", ownerUscc: HZ, uncertainty: null }),
      calibration({ number: "R-2", ownerUscc: HZ, uncertainty: { value: 0, unit: "kPa", coverageFactor: 2 } }),
      calibration({ number: "R-3", ownerUscc: HZ, uncertainty: { value: 0.1, unit: "kPa", coverageFactor: -1 } }),
      verification({ number: "R-4", ownerUscc: HZ, conclusion: null }),
      verification({ number: "R-5", ownerUscc: HZ, validUntil: "2025-05-09" }),
      verification({ number: "R-6", ownerUscc: HZ, procedure: "GB/T 19001-2016" }),
      verification({ number: "R-7", ownerUscc: HZ, issuerId: "MET-XX" }),
      verification({ number: "R-8", ownerUscc: HZ, issuerId: "CB-ZJ" }),
      verification({ number: "R-9", ownerUscc: UNREGISTERED }),
      verification({ number: "R-0", ownerUscc: SZ, issuerId: "LAB-SH" }),
      calibration({ number: "R-0", ownerUscc: HZ }),
      verification({ number: "R-10", ownerUscc: HZ.slice(0, 17) + (HZ.endsWith("0") ? "1" : "0") }),
      calibration({ number: "R-11", ownerUscc: HZ, conclusion: "PASS" }),
    ]);
    expect(result.rejected.map((r: { index: number; code: string; field: string }) => [r.index, r.code, r.field])).toEqual([
      [1, "UNCERTAINTY_REQUIRED", "uncertainty"],
      [2, "UNCERTAINTY_REQUIRED", "uncertainty.value"],
      [3, "UNCERTAINTY_REQUIRED", "uncertainty.coverageFactor"],
      [4, "CONCLUSION_REQUIRED", "conclusion"],
      [5, "DATE_ORDER", "validUntil"],
      [6, "PROCEDURE_FORMAT", "procedure"],
      [7, "UNKNOWN_ISSUER", "issuerId"],
      [8, "ISSUER_KIND", "issuerId"],
      [9, "UNKNOWN_OWNER", "ownerUscc"],
      [11, "DUPLICATE_IN_BATCH", "number"],
      [12, "USCC_CHECKSUM", "ownerUscc"],
      [13, "CONCLUSION_NOT_ALLOWED", "conclusion"],
    ]);
    // R-0 of MET-ZJ and R-0 of LAB-SH: numbers are unique per issuer only.
    expect(result.accepted).toBe(2);
    const stored = await t.ok(`{ metrologyResults(filter: { ownerUscc: "${HZ}" }) { totalCount edges { node { number } } } }`);
    expect(stored.metrologyResults.totalCount).toBe(1);
  });

  it("normalises the procedure code and stores a FAIL verification, visible like any other", async () => {
    const result = await importResults([verification({ number: "V-FAIL", ownerUscc: SZ, conclusion: "FAIL", procedure: "jjg52—2013 弹性元件式一般压力表检定规程", validUntil: null })]);
    expect(result).toEqual({ accepted: 1, rejected: [] });
    const page = await t.ok(`{ metrologyResults(filter: { ownerUscc: "${SZ}", kinds: [VERIFICATION] }) { edges { node { id number conclusion procedure } } } }`);
    const node = page.metrologyResults.edges.find((e: { node: { number: string } }) => e.node.number === "V-FAIL").node;
    expect(node).toMatchObject({ conclusion: "FAIL", procedure: "JJG 52-2013 弹性元件式一般压力表检定规程" });
    expect(node.id).toMatch(/^M\d+$/);
  });

  it("answers a result by its M-id across subgraphs, and nothing for a bare number", async () => {
    const page = await t.ok(`{ metrologyResults(filter: { ownerUscc: "${HZ}" }) { edges { node { id } } } }`);
    const id = page.metrologyResults.edges[0].node.id;
    const data = await t.ok(RESULT, { id });
    expect(data.metrologyResult).toEqual({
      id, number: "R-0", kind: "CALIBRATION", province: "ZJ", owner: { uscc: HZ, name: "杭州计量测试电子有限公司" },
      issuer: { id: "MET-ZJ", name: "ZJ 计量测试研究院 MET-ZJ", kind: "METROLOGY_INSTITUTE" },
      instrument: { name: "数字压力计", model: "DPI 620", serialNumber: "SN-0001", quantity: "压力" },
      procedure: "JJF 1059.1-2012", measuredOn: "2025-03-01", validUntil: "2026-03-01", conclusion: null,
      uncertainty: { value: 0.05, unit: "kPa", coverageFactor: 2 }, traceability: "国家压力基准",
    });
    expect((await t.ok(RESULT, { id: id.slice(1) })).metrologyResult).toBeNull();
    expect((await t.ok(RESULT, { id: "M999999" })).metrologyResult).toBeNull();
  });

  it("is idempotent on (issuer, number): the same batch again emits nothing, a change emits once", async () => {
    const batch = [calibration({ number: "IDEM-1", ownerUscc: HZ }), verification({ number: "IDEM-2", ownerUscc: HZ })];
    await importResults(batch);
    const before = await outboxCount();
    expect(await importResults(batch)).toEqual({ accepted: 2, rejected: [] });
    expect(await outboxCount()).toBe(before);
    await importResults([batch[0]!, { ...batch[1]!, conclusion: "FAIL" }]);
    expect(await outboxCount()).toBe(before + 1);
  });

  it("lets an issuer import only its own results", async () => {
    const lab = { sub: "lab-sh", role: "issuer" as const, institutionId: "LAB-SH" };
    const result = await importResults([verification({ number: "L-1", issuerId: "LAB-SH", ownerUscc: SZ }), verification({ number: "L-2", ownerUscc: SZ })], lab);
    expect(result).toEqual({ accepted: 1, rejected: [expect.objectContaining({ index: 1, code: "FORBIDDEN", field: "issuerId" })] });
    const page = await t.ok(`{ metrologyResults(filter: { issuerId: "LAB-SH" }) { edges { node { number province } } } }`);
    expect(page.metrologyResults.edges).toEqual([{ node: { number: "R-0", province: "SH" } }, { node: { number: "L-1", province: "SH" } }]);
  });
});

describe("queries", () => {
  it("filters by province, kind, owner, issuer, quantity and validity date, with totalCount", async () => {
    await importResults([
      calibration({ number: "F-1", ownerUscc: SZ, instrument: { name: "量块", serialNumber: "Q-1", quantity: "长度" }, measuredOn: "2024-01-10", validUntil: "2025-01-09" }),
      calibration({ number: "F-2", ownerUscc: SZ, issuerId: "LAB-SH", measuredOn: "2024-06-01", validUntil: null }),
    ]);
    const count = async (filter: string) => (await t.ok(`{ metrologyResults(filter: ${filter}) { totalCount } }`)).metrologyResults.totalCount;
    expect(await count(`{ quantity: "长度" }`)).toBe(1);
    expect(await count(`{ provinces: [SH] }`)).toBe(3);
    expect(await count(`{ provinces: [SH], kinds: [CALIBRATION] }`)).toBe(1);
    expect(await count(`{ ownerUscc: "${SZ}", issuerId: "MET-ZJ", kinds: [CALIBRATION] }`)).toBe(1);
    // F-1 ran out on 2025-01-09; F-2 has no end date.
    expect(await count(`{ ownerUscc: "${SZ}", kinds: [CALIBRATION], validOn: "2024-12-31" }`)).toBe(2);
    expect(await count(`{ ownerUscc: "${SZ}", kinds: [CALIBRATION], validOn: "2025-02-01" }`)).toBe(1);
    expect(await count(`{ ownerUscc: "${SZ}", kinds: [CALIBRATION], validOn: "2023-12-31" }`)).toBe(0);
  });

  it("pages with cursors and serves Enterprise.metrologyResults", async () => {
    const all = await t.ok(`{ metrologyResults(first: 100) { totalCount edges { node { id } } } }`);
    const first = await t.ok(`{ metrologyResults(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    const next = await t.ok(`query($after: String) { metrologyResults(first: 100, after: $after) { edges { node { id } } } }`, { after: first.metrologyResults.pageInfo.endCursor });
    expect([...first.metrologyResults.edges, ...next.metrologyResults.edges]).toEqual(all.metrologyResults.edges);
    expect(all.metrologyResults.totalCount).toBe(all.metrologyResults.edges.length);

    const data = await t.ok(`{ enterprise(uscc: "${SZ}") { name metrologyResults(first: 2) { totalCount edges { node { number owner { uscc } } } pageInfo { hasNextPage } } } }`);
    const own = await t.ok(`{ metrologyResults(filter: { ownerUscc: "${SZ}" }) { totalCount } }`);
    expect(data.enterprise.metrologyResults.totalCount).toBe(own.metrologyResults.totalCount);
    expect(data.enterprise.metrologyResults.edges).toHaveLength(2);
    expect(data.enterprise.metrologyResults.pageInfo.hasNextPage).toBe(true);
    expect(data.enterprise.metrologyResults.edges.every((e: { node: { owner: { uscc: string } } }) => e.node.owner.uscc === SZ)).toBe(true);
  });

  it("costs the same SQL statements for a page of 100 with owner, issuer and accreditations as for 10, and imports 5,000 rows", async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      i % 2 ? calibration({ number: `BULK-${i}`, ownerUscc: i % 3 ? HZ : SZ, issuerId: i % 4 === 1 ? "LAB-SH" : "MET-ZJ" }) : verification({ number: `BULK-${i}`, ownerUscc: SZ, conclusion: i % 10 ? "PASS" : "FAIL" }),
    );
    expect(await importResults(many)).toEqual({ accepted: 5000, rejected: [] });
    const q = `query($n: Int) { metrologyResults(first: $n) { totalCount edges { node { id owner { name } issuer { name accreditations { scheme } } } } } }`;
    const hundred = await t.ok(q, { n: 100 });
    expect(hundred.metrologyResults.edges).toHaveLength(100);
    expect(hundred.metrologyResults.edges[99].node.issuer.accreditations.length).toBeGreaterThan(0);
    expect(await statementsOf(() => t.ok(q, { n: 100 }))).toBe(await statementsOf(() => t.ok(q, { n: 10 })));
    const enterprises = `query($n: Int) { a: enterprise(uscc: "${HZ}") { metrologyResults(first: $n) { edges { node { issuer { name } } } } }
      b: enterprise(uscc: "${SZ}") { metrologyResults(first: $n) { edges { node { issuer { name } } } } } }`;
    expect(await statementsOf(() => t.ok(enterprises, { n: 100 }))).toBe(await statementsOf(() => t.ok(enterprises, { n: 5 })));
  });
});
