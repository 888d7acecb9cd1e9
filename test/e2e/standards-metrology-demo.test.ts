import { loadDemoDataIfEmpty } from "../../src/demo/demo-data";
import { countStatements, startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;

beforeAll(async () => {
  t = await startTestPlatform();
  expect(await loadDemoDataIfEmpty(t.db.orm)).toBe(true);
});
afterAll(async () => {
  await t?.stop();
});

// The example queries of docs/readme/standards-metrology.md, run against the demo data.
describe("the README examples on the demo data", () => {
  it("follows the three generations of GB/T 19001", async () => {
    const data = await t.ok(`{ standard(code: "ＧＢ／Ｔ　19001—2000") { code title status supersededOn supersededBy { code status supersededOn supersededBy { code status } } } }`);
    expect(data.standard).toEqual({
      code: "GB/T 19001-2000", title: "质量管理体系 要求", status: "SUPERSEDED", supersededOn: "2009-03-01",
      supersededBy: { code: "GB/T 19001-2008", status: "SUPERSEDED", supersededOn: "2017-07-01", supersededBy: { code: "GB/T 19001-2016", status: "EFFECTIVE" } },
    });
  });

  it("finds the YRD unified standards of Zhejiang with their equivalents", async () => {
    const data = await t.ok(`{ standards(filter: { provinces: [ZJ], search: "长三角" }) { totalCount edges { node { code title kind status equivalents { code province } } } } }`);
    expect(data.standards.totalCount).toBe(2);
    const [first, second] = data.standards.edges.map((e: { node: unknown }) => e.node);
    expect(first).toMatchObject({ code: "DB33/T 310003-2021", kind: "LOCAL", status: "EFFECTIVE", equivalents: [{ code: "DB31/T 310003-2021", province: "SH" }, { code: "DB32/T 310003-2021", province: "JS" }] });
    expect(second.equivalents.map((e: { code: string }) => e.code)).toEqual(["DB31/T 310011-2022", "DB32/T 310011-2022", "DB34/T 310011-2022"]);
  });

  it("resolves every standard the demo certificates cite", async () => {
    const data = await t.ok(`{ certificates(first: 100) { edges { node { standards { code title status } } } } }`);
    const cited = data.certificates.edges.flatMap((e: { node: { standards: { title: string }[] } }) => e.node.standards);
    expect(cited.length).toBeGreaterThanOrEqual(100);
    expect(cited.every((s: { title: string }) => s.title.length > 0)).toBe(true);
  });

  it("resolves the standards of 100 certificates with the same SQL statements as of 10", async () => {
    const q = `query($n: Int) { certificates(first: $n) { edges { node { holder { name } standards { title status supersededBy { code } equivalents { code } } } } } }`;
    const statementsOf = async (n: number) => {
      const counts: number[] = [];
      // The least of three: other subgraphs' timers share the process-wide counter.
      for (let i = 0; i < 3; i++) counts.push((await countStatements(() => t.ok(q, { n }))).statements);
      return Math.min(...counts);
    };
    expect(await statementsOf(100)).toBe(await statementsOf(10));
  });

  it("lists the verification results of Zhejiang, FAILs included", async () => {
    const data = await t.ok(`{ metrologyResults(filter: { provinces: [ZJ], kinds: [VERIFICATION] }, first: 100) { totalCount edges { node { id number conclusion procedure validUntil instrument { name quantity } owner { name } issuer { name kind } } } } }`);
    const nodes = data.metrologyResults.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(data.metrologyResults.totalCount).toBe(nodes.length);
    expect(nodes.length).toBeGreaterThan(10);
    expect(new Set(nodes.map((n: { conclusion: string }) => n.conclusion))).toEqual(new Set(["PASS", "FAIL"]));
    expect(nodes.every((n: { procedure: string }) => n.procedure.startsWith("JJG "))).toBe(true);
  });

  it("shows a result and its owner's other results", async () => {
    const data = await t.ok(`{ metrologyResult(id: "M1") { id number kind measuredOn validUntil instrument { name model serialNumber quantity } uncertainty { value unit coverageFactor }
      owner { name metrologyResults(first: 3) { totalCount edges { node { id kind conclusion } } } } } }`);
    expect(data.metrologyResult.id).toBe("M1");
    expect(data.metrologyResult.owner.metrologyResults.totalCount).toBeGreaterThanOrEqual(1);
    expect(data.metrologyResult.kind === "CALIBRATION").toBe(data.metrologyResult.uncertainty !== null);
  });

  it("holds both kinds of result, every kind and status of standard, and a local chain", async () => {
    const counts = await t.ok(`{ cal: metrologyResults(filter: { kinds: [CALIBRATION] }) { totalCount } ver: metrologyResults(filter: { kinds: [VERIFICATION] }) { totalCount }
      local: standards(filter: { kinds: [LOCAL] }) { totalCount } regional: standards(filter: { kinds: [REGIONAL] }) { totalCount }
      abolished: standards(filter: { statuses: [ABOLISHED] }) { totalCount } published: standards(filter: { statuses: [PUBLISHED] }) { totalCount } }`);
    expect(counts.cal.totalCount).toBeGreaterThan(20);
    expect(counts.ver.totalCount).toBeGreaterThan(20);
    expect(counts.local.totalCount).toBeGreaterThanOrEqual(8);
    expect(counts.regional.totalCount).toBe(4);
    expect(counts.abolished.totalCount).toBe(1);
    expect(counts.published.totalCount).toBe(1);
    const chain = await t.ok(`{ standard(code: "DB33/T 2000-2016") { supersededBy { supersededBy { code status } } } }`);
    expect(chain.standard.supersededBy.supersededBy).toEqual({ code: "DB33/T 2000-2024", status: "EFFECTIVE" });
  });
});
