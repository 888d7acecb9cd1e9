import { addDays, today } from "../../src/platform/dates";
import { ADMIN, countStatements, startTestPlatform, type TestPlatform } from "../support/platform";
import { accreditation, certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { IMPORT_STANDARDS, standardInput } from "../support/standards-fixtures";

let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0001");
const NJ = makeUscc("320102", "MA1NJ0002");
const HF = makeUscc("340104", "MA2HF0003");
const REGULATOR_ZJ = { sub: "reg-zj", role: "regulator" as const, province: "ZJ" as never };
const REGULATOR_SH = { sub: "reg-sh", role: "regulator" as const, province: "SH" as never };
const events = async () => Number((await t.db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event`))[0].n);

beforeAll(async () => {
  t = await startTestPlatform();
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州西湖电子科技有限公司" }, { uscc: NJ, name: "南京玄武精密机械有限公司" }, { uscc: HF, name: "合肥蜀山新材料有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ"), certificationBody("CB-JS", "JS"), { id: "LAB-ZJ", name: "浙江检验院", kind: "TESTING_LAB", province: "ZJ", accreditations: [] }] }, ADMIN);
  const standards = [standardInput("GB/T 19001-2016"), standardInput("GB 4706.1-2005"), standardInput("DB32/T 310003-2021", { kind: "LOCAL", province: "JS" })];
  expect((await t.ok(IMPORT_STANDARDS, { records: standards }, ADMIN)).importStandards.accepted).toBe(3);
});
afterAll(async () => {
  await t?.stop();
});

describe("importCertificates", () => {
  it("stores valid rows and reports each invalid one with its index, field and code", async () => {
    const records = [
      certificate({ number: "ZJ-OK-1", holderUscc: HZ }),
      certificate({ number: "ZJ-BAD-USCC", holderUscc: "91350100M000100Y4Z" }),
      certificate({ number: "ZJ-BAD-DATES", holderUscc: HZ, issuedOn: "2024-05-01", validUntil: "2024-04-01" }),
      certificate({ number: "ZJ-NO-ISSUER", holderUscc: HZ, issuerId: "CB-NOPE" }),
      certificate({ number: "ZJ-NO-HOLDER", holderUscc: makeUscc("330106", "MA27X9999") }),
      certificate({ number: "ZJ-EXPIRED", holderUscc: HZ, status: "EXPIRED" }),
      certificate({ number: "ZJ-OK-1", holderUscc: HZ }),
      certificate({ number: "ZJ-BAD-STD", holderUscc: HZ, standardCodes: ["ISO 9001"] }),
      certificate({ number: "ZJ-LAB", holderUscc: HZ, issuerId: "LAB-ZJ" }),
      certificate({ number: "JS-OK-2", holderUscc: NJ, issuerId: "CB-JS", standardCodes: ["ＧＢ／Ｔ　１９００１—２０１６", "DB32/T 310003-2021", "GB/T 99999-2099"] }),
    ];
    const data = await t.ok(IMPORT_CERTIFICATES, { records }, ADMIN);
    expect(data.importCertificates.accepted).toBe(2);
    expect(data.importCertificates.rejected.map((r: { index: number; code: string; field: string }) => [r.index, r.code, r.field])).toEqual([
      [1, "USCC_CHECKSUM", "holderUscc"],
      [2, "DATE_ORDER", "validUntil"],
      [3, "UNKNOWN_ISSUER", "issuerId"],
      [4, "UNKNOWN_HOLDER", "holderUscc"],
      [5, "STATUS_NOT_ALLOWED", "status"],
      [6, "DUPLICATE_IN_BATCH", "number"],
      [7, "STANDARD_CODE_FORMAT", "standardCodes[0]"],
      [8, "ISSUER_KIND", "issuerId"],
    ]);
    // Codes are stored normalised; a cited code that no one has imported as a standard is not listed.
    const stored = await t.ok(`{ certificatesByNumber(number: "JS-OK-2") { province standards { code title } } }`);
    expect(stored.certificatesByNumber).toEqual([{ province: "JS", standards: [{ code: "GB/T 19001-2016", title: "标准 GB/T 19001-2016" }, { code: "DB32/T 310003-2021", title: "标准 DB32/T 310003-2021" }] }]);
  });

  it("is idempotent: the same batch twice changes nothing and emits no second event", async () => {
    const records = [certificate({ number: "ZJ-IDEM-1", holderUscc: HZ }), certificate({ number: "ZJ-IDEM-2", holderUscc: HF })];
    const before = await events();
    expect((await t.ok(IMPORT_CERTIFICATES, { records }, ADMIN)).importCertificates).toEqual({ accepted: 2, rejected: [] });
    const afterFirst = await events();
    expect(afterFirst - before).toBe(2);
    const first = await t.ok(`{ certificatesByNumber(number: "ZJ-IDEM-1") { id updatedAt } }`);
    expect((await t.ok(IMPORT_CERTIFICATES, { records }, ADMIN)).importCertificates).toEqual({ accepted: 2, rejected: [] });
    expect(await events()).toBe(afterFirst);
    const second = await t.ok(`{ certificatesByNumber(number: "ZJ-IDEM-1") { id updatedAt } }`);
    expect(second).toEqual(first);
    // A real change is stored and announced once.
    await t.ok(IMPORT_CERTIFICATES, { records: [{ ...records[0], scope: "新的认证范围" }] }, ADMIN);
    expect(await events()).toBe(afterFirst + 1);
  });

  it("refuses writes from the public", async () => {
    const response = await t.query(IMPORT_CERTIFICATES, { records: [certificate({ number: "X", holderUscc: HZ })] });
    expect(response.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });

  it("takes a batch of 5,000 rows in one call", async () => {
    const records = Array.from({ length: 5000 }, (_, i) => certificate({ number: `BULK-${i}`, holderUscc: [HZ, NJ, HF][i % 3], issuerId: i % 2 ? "CB-ZJ" : "CB-JS" }));
    const data = await t.ok(IMPORT_CERTIFICATES, { records }, ADMIN);
    expect(data.importCertificates).toEqual({ accepted: 5000, rejected: [] });
    const total = await t.ok(`{ certificates(filter: { search: "BULK-" }) { totalCount } }`);
    expect(total.certificates.totalCount).toBe(5000);
  });
});

describe("certificates query", () => {
  beforeAll(async () => {
    const past = addDays(today(), -30);
    await t.ok(IMPORT_CERTIFICATES, {
      records: [
        certificate({ number: "Q-ACTIVE", holderUscc: HZ, kind: "PRODUCT", scheme: "CCC", scope: "家用电器 电热水壶", standardCodes: ["GB 4706.1-2005"] }),
        certificate({ number: "Q-EXPIRED", holderUscc: HZ, issuedOn: "2020-01-01", validUntil: past }),
        certificate({ number: "Q-SUSP", holderUscc: NJ, issuerId: "CB-JS", status: "SUSPENDED" }),
        certificate({ number: "Q-WD", holderUscc: HF, status: "WITHDRAWN", issuedOn: "2019-01-01", validUntil: "2020-01-01" }),
      ],
    }, ADMIN);
  });

  // Narrowed to this block's certificates ("Q-" numbers) unless the filter searches itself.
  const numbers = async (filter: Record<string, unknown>) => {
    const data = await t.ok(`query($f: CertificateFilter) { certificates(filter: $f, first: 100) { totalCount edges { node { number status } } } }`, { f: { search: "Q-", ...filter } });
    const found = data.certificates.edges.map((e: { node: { number: string } }) => e.node.number).filter((n: string) => n.startsWith("Q-"));
    return found.sort();
  };

  it("derives EXPIRED from validUntil and filters by it", async () => {
    const data = await t.ok(`{ certificatesByNumber(number: "Q-EXPIRED") { status } }`);
    expect(data.certificatesByNumber[0].status).toBe("EXPIRED");
    expect(await numbers({ statuses: ["EXPIRED"] })).toEqual(["Q-EXPIRED"]);
    expect(await numbers({ statuses: ["WITHDRAWN", "SUSPENDED"] })).toEqual(["Q-SUSP", "Q-WD"]);
  });

  it("filters by province, kind, holder, issuer, standard, validOn and Chinese search", async () => {
    expect(await numbers({ provinces: ["JS"] })).toEqual(["Q-SUSP"]);
    expect(await numbers({ kinds: ["PRODUCT"] })).toEqual(["Q-ACTIVE"]);
    expect(await numbers({ holderUscc: HF.toLowerCase() })).toEqual(["Q-WD"]);
    expect(await numbers({ issuerId: "CB-JS" })).toEqual(["Q-SUSP"]);
    expect(await numbers({ standardCode: "GB 4706.1－2005" })).toEqual(["Q-ACTIVE"]);
    expect(await numbers({ validOn: "2019-06-01" })).toEqual(["Q-WD"]);
    expect(await numbers({ search: "电热水壶" })).toEqual(["Q-ACTIVE"]);
    expect(await numbers({ search: "玄武精密", statuses: ["SUSPENDED"] })).toEqual(["Q-SUSP"]);
    expect(await numbers({ search: "100%_" })).toEqual([]);
  });

  it("pages with stable cursors and no duplicates", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 200; page++) {
      const data: any = await t.ok(`query($after: String) { certificates(first: 97, after: $after, filter: { provinces: [ZJ, JS] }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`, { after });
      total = data.certificates.totalCount;
      seen.push(...data.certificates.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!data.certificates.pageInfo.hasNextPage) break;
      after = data.certificates.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
  });

  it("refuses page sizes above the maximum and malformed cursors", async () => {
    const big = await t.query(`{ certificates(first: 1000) { totalCount } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    const bad = await t.query(`{ certificates(after: "bm9wZQ") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "CURSOR_INVALID" });
  });

  it("lists an enterprise's certificates through the registry entity", async () => {
    const data = await t.ok(`query($u: String!) { enterprise(uscc: $u) { name province certificates(first: 2) { totalCount edges { node { number holder { uscc } } } } } }`, { u: NJ });
    expect(data.enterprise.name).toBe("南京玄武精密机械有限公司");
    expect(data.enterprise.province).toBe("JS");
    expect(data.enterprise.certificates.edges.length).toBe(2);
    expect(data.enterprise.certificates.totalCount).toBeGreaterThan(2);
    expect(data.enterprise.certificates.edges.every((e: any) => e.node.holder.uscc === NJ)).toBe(true);
  });
});

describe("setCertificateStatus", () => {
  let id: string;
  beforeAll(async () => {
    await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "S-1", holderUscc: HZ })] }, ADMIN);
    id = (await t.ok(`{ certificatesByNumber(number: "S-1") { id } }`)).certificatesByNumber[0].id;
  });
  const SET = `mutation($id: ID!, $s: CertificateStatus!, $r: String!) { setCertificateStatus(id: $id, status: $s, reason: $r) { status statusHistory { status reason } } }`;

  it("follows the transitions and keeps every change in the history", async () => {
    await t.ok(SET, { id, s: "SUSPENDED", r: "监督抽查不合格" }, REGULATOR_ZJ);
    await t.ok(SET, { id, s: "ACTIVE", r: "整改完成" }, REGULATOR_ZJ);
    const data = await t.ok(SET, { id, s: "WITHDRAWN", r: "证书撤销" }, REGULATOR_ZJ);
    expect(data.setCertificateStatus.status).toBe("WITHDRAWN");
    expect(data.setCertificateStatus.statusHistory).toEqual([
      { status: "ACTIVE", reason: "Imported" },
      { status: "SUSPENDED", reason: "监督抽查不合格" },
      { status: "ACTIVE", reason: "整改完成" },
      { status: "WITHDRAWN", reason: "证书撤销" },
    ]);
    const final = await t.query(SET, { id, s: "ACTIVE", r: "试图恢复" }, REGULATOR_ZJ);
    expect(final.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
  });

  it("hides status reasons from the public", async () => {
    const data = await t.ok(`query($id: ID!) { certificate(id: $id) { statusHistory { status reason } } }`, { id });
    expect(data.certificate.statusHistory.map((h: { reason: string | null }) => h.reason)).toEqual([null, null, null, null]);
  });

  it("refuses EXPIRED, unknown ids, other provinces' regulators and the public", async () => {
    await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "S-2", holderUscc: HZ })] }, ADMIN);
    const other = (await t.ok(`{ certificatesByNumber(number: "S-2") { id } }`)).certificatesByNumber[0].id;
    expect((await t.query(SET, { id: other, s: "EXPIRED", r: "x" }, REGULATOR_ZJ)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "STATUS_NOT_ALLOWED" });
    expect((await t.query(SET, { id: "999999", s: "SUSPENDED", r: "x" }, REGULATOR_ZJ)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await t.query(SET, { id: other, s: "SUSPENDED", r: "x" }, REGULATOR_SH)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await t.query(SET, { id: other, s: "SUSPENDED", r: "x" })).errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const unchanged = await t.ok(`query($id: ID!) { certificate(id: $id) { status } }`, { id: other });
    expect(unchanged.certificate.status).toBe("ACTIVE");
  });
});

describe("batching", () => {
  const PAGE = `query($n: Int!) { certificates(first: $n) { edges { node { number holder { name } issuer { name accreditations { scheme scope } } statusHistory { status } standards { code } } } } }`;

  it("costs the same SQL statements for 100 certificates as for 10", async () => {
    const ten = await countStatements(() => t.ok(PAGE, { n: 10 }));
    const hundred = await countStatements(() => t.ok(PAGE, { n: 100 }));
    expect(hundred.result.certificates.edges.length).toBe(100);
    expect(ten.result.certificates.edges.length).toBe(10);
    expect(hundred.statements).toBe(ten.statements);
    // Page, status history, standard titles, holder and issuer names (one statement) and the issuers'
    // accreditations: certification provides the names and accreditations, so the registry is not called.
    expect(ten.statements).toBeLessThanOrEqual(5);
  });

  it("provides an issuer's accreditations exactly as the registry answers them, order included", async () => {
    const several = { ...certificationBody("CB-MANY", "ZJ"), accreditations: [
      accreditation("CNCA", "CNCA-R-9", ["ISO 9001:2015"]), accreditation("CNAS", "CNAS C-2", ["CCC", "ISO 14001:2015"]), accreditation("CNCA", "CNCA-R-10", ["CCC"]),
    ] };
    expect((await t.ok(IMPORT_INSTITUTIONS, { records: [several] }, ADMIN)).importInstitutions.accepted).toBe(1);
    expect((await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "PROVIDED-1", holderUscc: HZ, issuerId: "CB-MANY" })] }, ADMIN)).importCertificates.accepted).toBe(1);
    const FIELDS = `accreditations { scheme number scope status validFrom validUntil }`;
    const provided = (await t.ok(`{ certificatesByNumber(number: "PROVIDED-1") { issuer { id ${FIELDS} } } }`)).certificatesByNumber[0].issuer;
    const owned = (await t.ok(`{ institution(id: "CB-MANY") { id ${FIELDS} } }`)).institution;
    expect(provided.accreditations).toHaveLength(3);
    expect(provided).toEqual(owned);
  });
});
