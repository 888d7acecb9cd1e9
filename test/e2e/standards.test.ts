import { ADMIN, countStatements, startTestPlatform, type TestPlatform } from "../support/platform";
import { IMPORT_STANDARDS, standardInput as s } from "../support/standards-fixtures";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

let t: TestPlatform;

/** Statements of one request; the least of three runs, since other subgraphs' timers (feed polling, retention) share the process counter. */
const statementsOf = async (run: () => Promise<unknown>): Promise<number> => {
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) counts.push((await countStatements(run)).statements);
  return Math.min(...counts);
};

beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.stop();
});

const events = async (subjectId: string): Promise<string[]> => {
  const rows: { kind: string }[] = await t.db.orm.em.fork().execute(`select kind from outbox.change_event where subject_id = ? order by id`, [subjectId]);
  return rows.map((r) => r.kind);
};
const importStandards = async (records: unknown[], as = ADMIN) => (await t.ok(IMPORT_STANDARDS, { records }, as)).importStandards;
const STANDARD = `query($code: String!) { standard(code: $code) { code title kind province status publishedOn effectiveOn supersededOn
  supersedes { code } supersededBy { code status } equivalents { code province } } }`;
const standard = async (code: string) => (await t.ok(STANDARD, { code })).standard;

describe("importStandards: codes and rules", () => {
  it("normalises codes and rejects bad ones row by row with their codes", async () => {
    const result = await importStandards([
      s("ＧＢ／Ｔ　１９００１—２０１６", { title: "质量管理体系 要求" }),
      s("GB/T 19001"),
      s("DB31/T 1234-2020", { kind: "LOCAL", province: "JS" }),
      s("GB/T 24001-2016", { kind: "LOCAL" }),
      s("DB33/T 1001-2019", { kind: "REGIONAL", province: "ZJ" }),
      s("T/CAS 115-2005", { kind: "GROUP", publishedOn: "2005-06-01", effectiveOn: "2005-05-01" }),
      s("gb/t19001–2016"),
      s("JB/T 1234-2010", { kind: "INDUSTRY" }),
      s("DB34/T 1234-2020", { kind: "LOCAL" }),
    ]);
    expect(result.rejected.map((r: { index: number; code: string; field: string }) => [r.index, r.code, r.field])).toEqual([
      [1, "STANDARD_CODE_FORMAT", "code"],
      [2, "PROVINCE_MISMATCH", "province"],
      [3, "KIND_MISMATCH", "kind"],
      [4, "KIND_MISMATCH", "kind"],
      [5, "DATE_ORDER", "effectiveOn"],
      [6, "DUPLICATE_IN_BATCH", "code"],
    ]);
    expect(result.accepted).toBe(3);
    expect(await standard("GB/T19001-2016")).toMatchObject({ code: "GB/T 19001-2016", title: "质量管理体系 要求", kind: "NATIONAL", province: null, status: "EFFECTIVE" });
    expect(await standard("JB/T 1234-2010")).toMatchObject({ kind: "INDUSTRY" });
    // The province of a LOCAL standard comes from its code when the record leaves it out.
    expect(await standard("DB34/T 1234-2020")).toMatchObject({ kind: "LOCAL", province: "AH" });
    expect(await standard("GB/T 99999-2016")).toBeNull();
  });

  it("lets a regulator import only its own province's LOCAL standards", async () => {
    const regulator = { sub: "reg-zj", role: "regulator" as const, province: "ZJ" as never };
    const result = await importStandards([s("DB33/T 2001-2021", { kind: "LOCAL" }), s("DB32/T 2001-2021", { kind: "LOCAL" }), s("GB 2001-2021")], regulator);
    expect(result).toEqual({ accepted: 1, rejected: [expect.objectContaining({ index: 1, code: "FORBIDDEN" }), expect.objectContaining({ index: 2, code: "FORBIDDEN" })] });
    const anonymous = await t.query(IMPORT_STANDARDS, { records: [s("GB 2002-2021")] });
    expect(["UNAUTHENTICATED", "FORBIDDEN"]).toContain(anonymous.errors?.[0]?.extensions?.code);
    expect(await standard("GB 2002-2021")).toBeNull();
  });
});

describe("YRD unified standards", () => {
  it("links the codes of one 310-block text in both directions, and a later code joins the group", async () => {
    const local = (code: string) => s(code, { kind: "LOCAL", title: "长三角生态绿色一体化发展示范区 统一标准" });
    await importStandards([local("DB31/T 310003-2021"), local("DB32/T 310003-2021")]);
    expect((await standard("DB31/T 310003-2021")).equivalents).toEqual([{ code: "DB32/T 310003-2021", province: "JS" }]);
    expect((await standard("DB32/T 310003-2021")).equivalents).toEqual([{ code: "DB31/T 310003-2021", province: "SH" }]);
    expect(await events("DB31/T 310003-2021")).toEqual(["STANDARD_UPSERTED"]);

    await importStandards([local("DB33/T 310003-2021")]);
    expect((await standard("DB31/T 310003-2021")).equivalents.map((e: { code: string }) => e.code)).toEqual(["DB32/T 310003-2021", "DB33/T 310003-2021"]);
    expect((await standard("DB33/T 310003-2021")).equivalents.map((e: { code: string }) => e.code)).toEqual(["DB31/T 310003-2021", "DB32/T 310003-2021"]);
    // Existing members announce that they gained an equivalent.
    expect(await events("DB31/T 310003-2021")).toEqual(["STANDARD_UPSERTED", "STANDARD_UPSERTED"]);
    // Another year of the same number is another text.
    await importStandards([local("DB34/T 310003-2022")]);
    expect((await standard("DB34/T 310003-2022")).equivalents).toEqual([]);
  });

  it("links declared equivalents, also when the named code arrives later", async () => {
    await importStandards([s("DB31/T 5001-2020", { kind: "LOCAL", equivalentCodes: ["DB32/T 6001-2020"] })]);
    expect((await standard("DB31/T 5001-2020")).equivalents).toEqual([]);
    await importStandards([s("DB32/T 6001-2020", { kind: "LOCAL" })]);
    expect((await standard("DB32/T 6001-2020")).equivalents).toEqual([{ code: "DB31/T 5001-2020", province: "SH" }]);
    expect((await standard("DB31/T 5001-2020")).equivalents).toEqual([{ code: "DB32/T 6001-2020", province: "JS" }]);
    // Withdrawing the declaration splits the group again, and both sides announce it.
    await importStandards([s("DB31/T 5001-2020", { kind: "LOCAL" })]);
    expect((await standard("DB32/T 6001-2020")).equivalents).toEqual([]);
    expect((await standard("DB31/T 5001-2020")).equivalents).toEqual([]);
    expect(await events("DB32/T 6001-2020")).toEqual(["STANDARD_UPSERTED", "STANDARD_UPSERTED"]);
  });
});

describe("supersession", () => {
  it("resolves a chain of three generations imported newest first, from each successor's effective date", async () => {
    const result = await importStandards([
      s("GB/T 7001-2022", { publishedOn: "2022-03-01", effectiveOn: "2022-10-01", supersedesCodes: ["GB/T 7001-2016"] }),
      s("GB/T 7001-2016", { publishedOn: "2016-03-01", effectiveOn: "2016-10-01", supersedesCodes: ["GB/T 7001-2008"] }),
    ]);
    expect(result).toEqual({ accepted: 2, rejected: [] });
    expect(await standard("GB/T 7001-2016")).toMatchObject({ status: "SUPERSEDED", supersededOn: "2022-10-01", supersededBy: { code: "GB/T 7001-2022", status: "EFFECTIVE" }, supersedes: [] });
    // The oldest generation arrives last and is marked by the declaration that waited for it.
    await importStandards([s("GB/T 7001-2008", { publishedOn: "2008-03-01", effectiveOn: "2008-10-01" })]);
    const chain = await t.ok(`{ standard(code: "GB/T 7001-2008") { status supersededOn supersededBy { code supersededBy { code supersededBy { code } } } } }`);
    expect(chain.standard).toEqual({ status: "SUPERSEDED", supersededOn: "2016-10-01", supersededBy: { code: "GB/T 7001-2016", supersededBy: { code: "GB/T 7001-2022", supersededBy: null } } });
    expect((await standard("GB/T 7001-2022")).supersedes).toEqual([{ code: "GB/T 7001-2016" }]);
    expect(await events("GB/T 7001-2016")).toEqual(["STANDARD_UPSERTED", "STANDARD_SUPERSEDED"]);
    expect(await events("GB/T 7001-2008")).toEqual(["STANDARD_UPSERTED", "STANDARD_SUPERSEDED"]);
  });

  it("shows a successor that is not yet effective: the old standard stays EFFECTIVE until that day", async () => {
    await importStandards([s("GB 8001-2010"), s("GB 8001-2098", { publishedOn: "2097-01-01", effectiveOn: "2098-01-01", supersedesCodes: ["GB 8001-2010"] })]);
    expect(await standard("GB 8001-2010")).toMatchObject({ status: "EFFECTIVE", supersededOn: "2098-01-01", supersededBy: { code: "GB 8001-2098", status: "PUBLISHED" } });
  });

  it("releases a standard when its successor no longer lists it", async () => {
    await importStandards([s("GB 8101-2010"), s("GB 8101-2020", { supersedesCodes: ["GB 8101-2010"] })]);
    expect(await standard("GB 8101-2010")).toMatchObject({ status: "SUPERSEDED", supersededBy: { code: "GB 8101-2020" } });
    await importStandards([s("GB 8101-2020")]);
    expect(await standard("GB 8101-2010")).toMatchObject({ status: "EFFECTIVE", supersededOn: null, supersededBy: null });
    expect(await events("GB 8101-2010")).toEqual(["STANDARD_UPSERTED", "STANDARD_SUPERSEDED", "STANDARD_UPSERTED"]);
  });

  it("refuses a row that would close a supersession cycle, in a batch or across batches, and stores nothing of it", async () => {
    const j = (code: string, over: Record<string, unknown> = {}) => s(code, { kind: "INDUSTRY", ...over });
    // In one batch: the second row closes A -> B -> A.
    const pair = await importStandards([
      j("JB/T 8201-2020", { supersedesCodes: ["JB/T 8201-2021"] }),
      j("JB/T 8201-2021", { supersedesCodes: ["JB/T 8201-2020"] }),
    ]);
    expect(pair.accepted).toBe(1);
    expect(pair.rejected).toEqual([{ index: 1, code: "SUPERSESSION_CYCLE", field: "supersedesCodes", message: "JB/T 8201-2021 cannot supersede JB/T 8201-2020: JB/T 8201-2020 already supersedes JB/T 8201-2021, directly or through others" }]);
    expect(await standard("JB/T 8201-2021")).toBeNull();
    expect(await standard("JB/T 8201-2020")).toMatchObject({ status: "EFFECTIVE", supersedes: [] });
    // Across batches, through a stored chain of three: C -> B -> A, then A listing C.
    await importStandards([j("JB/T 8301-2010"), j("JB/T 8301-2015", { supersedesCodes: ["JB/T 8301-2010"] }), j("JB/T 8301-2020", { supersedesCodes: ["JB/T 8301-2015"] })]);
    const closing = await importStandards([j("JB/T 8301-2010", { title: "changed", supersedesCodes: ["JB/T 8301-2020"] }), j("JB/T 8301-2025", { supersedesCodes: ["JB/T 8301-2020"] })]);
    expect(closing.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([[0, "SUPERSESSION_CYCLE"]]);
    expect(closing.accepted).toBe(1);
    // The refused row changed nothing: the stored one keeps its title and its place at the chain's end.
    expect(await standard("JB/T 8301-2010")).toMatchObject({ title: "标准 JB/T 8301-2010", status: "SUPERSEDED", supersedes: [], supersededBy: { code: "JB/T 8301-2015" } });
    expect(await standard("JB/T 8301-2020")).toMatchObject({ status: "SUPERSEDED", supersededBy: { code: "JB/T 8301-2025" } });
    // Once the chain is withdrawn (2015 no longer lists 2010), the same declaration is accepted.
    await importStandards([j("JB/T 8301-2015")]);
    expect(await importStandards([j("JB/T 8301-2010", { supersedesCodes: ["JB/T 8301-2020"] })])).toEqual({ accepted: 1, rejected: [] });
  });

  it("is idempotent: the same batch again stores nothing new and emits nothing", async () => {
    const batch = [s("GB/T 9001-2020", { supersedesCodes: ["GB/T 9001-2010"] }), s("GB/T 9001-2010", { status: "SUPERSEDED" })];
    await importStandards(batch);
    const before = await events("GB/T 9001-2010");
    expect(await importStandards(batch)).toEqual({ accepted: 2, rejected: [] });
    expect(await events("GB/T 9001-2010")).toEqual(before);
    expect(await events("GB/T 9001-2020")).toEqual(["STANDARD_UPSERTED"]);
  });
});

describe("queries", () => {
  it("searches code and Chinese title, filters and counts, and pages by code", async () => {
    await importStandards([s("GB/T 10001-2012", { title: "公共信息图形符号 第1部分：通用符号" })]);
    const found = await t.ok(`{ standards(filter: { search: "图形符号" }) { totalCount edges { node { code } } } }`);
    expect(found.standards).toEqual({ totalCount: 1, edges: [{ node: { code: "GB/T 10001-2012" } }] });
    const byCode = await t.ok(`{ standards(filter: { search: "ＧＢ／Ｔ　10001" }) { totalCount } }`);
    expect(byCode.standards.totalCount).toBe(1);
    const superseded = await t.ok(`{ standards(filter: { statuses: [SUPERSEDED], kinds: [NATIONAL] }) { totalCount edges { node { code status } } } }`);
    expect(superseded.standards.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(["GB/T 7001-2008", "GB/T 7001-2016", "GB/T 9001-2010"]);
    const local = await t.ok(`{ standards(filter: { provinces: [SH] }) { totalCount } }`);
    expect(local.standards.totalCount).toBe(2);
    const page1 = await t.ok(`{ standards(first: 2) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`);
    const page2 = await t.ok(`query($after: String) { standards(first: 2, after: $after) { edges { node { code } } } }`, { after: page1.standards.pageInfo.endCursor });
    expect(page1.standards.pageInfo.hasNextPage).toBe(true);
    const codes = [...page1.standards.edges, ...page2.standards.edges].map((e: { node: { code: string } }) => e.node.code);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(4);
  });

  it("imports 5,000 standards in one batch, and costs the same SQL statements for 100 with successors and equivalents as for 10", async () => {
    // 1,250 unified texts in four provinces: the 310 block holds 1,000 numbers a year.
    const unified = (k: number) => `310${String(k % 1000).padStart(3, "0")}-${2023 - Math.floor(k / 1000)}`;
    const many = Array.from({ length: 5000 }, (_, i) => s(`DB3${1 + (i % 4)}/T ${unified(Math.floor(i / 4))}`, { kind: "LOCAL", supersedesCodes: [`GB/T ${20000 + i}-2010`] }));
    expect(await importStandards(many)).toEqual({ accepted: 5000, rejected: [] });
    expect((await standard(`DB34/T ${unified(1249)}`)).equivalents).toHaveLength(3);
    const q = `query($n: Int) { standards(first: $n) { edges { node { code supersededBy { code } supersedes { code } equivalents { code } } } } }`;
    const hundred = await t.ok(q, { n: 100 });
    expect(hundred.standards.edges).toHaveLength(100);
    expect(hundred.standards.edges.filter((e: { node: { equivalents: unknown[] } }) => e.node.equivalents.length === 3).length).toBeGreaterThan(50);
    expect(await statementsOf(() => t.ok(q, { n: 100 }))).toBe(await statementsOf(() => t.ok(q, { n: 10 })));
  });
});

describe("Certificate.standards through the gateway", () => {
  it("resolves the cited standards of certificates in one batch", async () => {
    const holder = makeUscc("330106", "MA27XKT01");
    await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: holder, name: "杭州标准测试有限公司" }] }, ADMIN);
    await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
    const imported = await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "ZJ-S-1", holderUscc: holder, standardCodes: ["GB/T 19001-2016", "DB31/T 310003-2021"] })] }, ADMIN);
    expect(imported.importCertificates.rejected).toEqual([]);
    const data = await t.ok(`{ certificatesByNumber(number: "ZJ-S-1") { standards { code title kind status equivalents { code } } } }`);
    expect(data.certificatesByNumber[0].standards).toEqual([
      { code: "GB/T 19001-2016", title: "质量管理体系 要求", kind: "NATIONAL", status: "EFFECTIVE", equivalents: [] },
      { code: "DB31/T 310003-2021", title: "长三角生态绿色一体化发展示范区 统一标准", kind: "LOCAL", status: "EFFECTIVE", equivalents: [{ code: "DB32/T 310003-2021" }, { code: "DB33/T 310003-2021" }] },
    ]);
  });

  it("leaves out a cited code until its standard is imported, so the certificate still answers in full", async () => {
    const holder = makeUscc("330106", "MA27XKT01");
    await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "ZJ-S-2", holderUscc: holder, standardCodes: ["GB/T 19001-2016", "GB/T 99999-2020"] })] }, ADMIN);
    const query = `{ certificatesByNumber(number: "ZJ-S-2") { standards { code title } } }`;
    expect((await t.ok(query)).certificatesByNumber[0].standards).toEqual([{ code: "GB/T 19001-2016", title: "质量管理体系 要求" }]);
    expect(await standard("GB/T 99999-2020")).toBeNull();
    await t.ok(IMPORT_STANDARDS, { records: [s("GB/T 99999-2020", { title: "后来导入的标准" })] }, ADMIN);
    expect((await t.ok(query)).certificatesByNumber[0].standards).toEqual([
      { code: "GB/T 19001-2016", title: "质量管理体系 要求" },
      { code: "GB/T 99999-2020", title: "后来导入的标准" },
    ]);
  });
});
