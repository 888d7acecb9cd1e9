import { addDays, today } from "../../src/platform/dates";
import { ADMIN, countStatements, startTestPlatform, type TestPlatform } from "../support/platform";
import { accreditation, certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { IMPORT_STANDARDS, standardInput } from "../support/standards-fixtures";

let t: TestPlatform;
const T = today();
const d = (days: number) => addDays(T, days);
const HZ = makeUscc("330106", "MA27X0101");
const ids = new Map<string, string>();

const IMPORT_METROLOGY = `mutation($records: [MetrologyResultInput!]!) { importMetrologyResults(records: $records) { accepted rejected { index code field message } } }`;
const DEFINE = `mutation($input: RecognitionAgreementInput!) { defineRecognitionAgreement(input: $input) { id } }`;
const DECISION = `subjectId subjectKind targetProvince asOf outcome reasons { code passed message } agreement { id parties }`;
const CERT_RECOGNITION = `query($id: ID!, $in: ProvinceCode!, $asOf: Date) { certificate(id: $id) { recognition(in: $in, asOf: $asOf) { ${DECISION} } } }`;
const METROLOGY_RECOGNITION = `query($id: ID!, $in: ProvinceCode!, $asOf: Date) { metrologyResult(id: $id) { recognition(in: $in, asOf: $asOf) { ${DECISION} } } }`;
const VERIFY = `query($requests: [RecognitionRequest!]!) { verifyRecognition(requests: $requests) { ${DECISION} } }`;

const failed = (decision: { reasons: { code: string; passed: boolean }[] }) => decision.reasons.filter((r) => !r.passed).map((r) => r.code);
const expectOk = (result: { accepted: number; rejected: unknown[] }, accepted: number) => expect(result).toEqual({ accepted, rejected: [] });

const measurement = (number: string, over: Record<string, unknown>) => ({
  number, kind: "VERIFICATION", issuerId: "MET-ZJ", ownerUscc: HZ, procedure: "JJG 52-2013", measuredOn: d(-30), validUntil: d(335),
  conclusion: "PASS", traceability: "社会公用计量标准 [2015]浙量标证字第001号",
  instrument: { name: "弹簧管式压力表", model: "Y-100", serialNumber: `SN-${number}`, quantity: "压力" }, ...over,
});

beforeAll(async () => {
  // Without the feed subgraph: its background poll would add statements to the counted requests.
  t = await startTestPlatform(["registry", "certification", "standards", "metrology", "recognition"]);
  expectOk((await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州西湖电子科技有限公司" }] }, ADMIN)).importEnterprises, 1);
  expectOk((await t.ok(IMPORT_INSTITUTIONS, { records: [
    certificationBody("CB-ZJ", "ZJ"),
    certificationBody("CB-ZJ-NARROW", "ZJ", ["CCC"]),
    { id: "MET-ZJ", name: "浙江计量院", kind: "METROLOGY_INSTITUTE", province: "ZJ", accreditations: [accreditation("METROLOGY_AUTHORIZATION", "(国)法计(2015)00003号", ["压力", "长度"])] },
  ] }, ADMIN)).importInstitutions, 3);
  expectOk((await t.ok(IMPORT_STANDARDS, { records: [
    standardInput("GB/T 19001-2016"),
    standardInput("DB33/T 100-2020", { kind: "LOCAL", province: "ZJ" }),
    standardInput("GB 4706.1-2005", { status: "SUPERSEDED", publishedOn: "2005-08-26", effectiveOn: "2006-08-01" }),
    standardInput("GB 4706.1-2024", { publishedOn: d(-300), effectiveOn: d(-100), supersedesCodes: ["GB 4706.1-2005"] }),
  ] }, ADMIN)).importStandards, 4);
  await t.ok(DEFINE, { input: { id: "YRD", title: "长三角质量基础设施互认协议", parties: ["SH", "JS", "ZJ", "AH"], subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"], effectiveFrom: "2020-01-01" } }, ADMIN);
  const cert = (number: string, over: Record<string, unknown> = {}) => certificate({ number, holderUscc: HZ, issuedOn: d(-400), validUntil: d(700), ...over });
  const certificates = [
    cert("R-OK"), cert("R-LOCAL", { standardCodes: ["GB/T 19001-2016", "DB33/T 100-2020"] }), cert("R-SUSP"),
    cert("R-CCC", { kind: "PRODUCT", scheme: "CCC", standardCodes: ["GB 4706.1-2005"] }),
    cert("R-EXPIRED", { issuedOn: d(-1200), validUntil: d(-100) }), cert("R-NARROW", { issuerId: "CB-ZJ-NARROW" }),
    ...Array.from({ length: 120 }, (_, i) => cert(`R-BULK-${i}`)),
  ];
  expectOk((await t.ok(IMPORT_CERTIFICATES, { records: certificates }, ADMIN)).importCertificates, certificates.length);
  expectOk((await t.ok(IMPORT_METROLOGY, { records: [
    measurement("MV-PASS", {}),
    measurement("MV-FAIL", { conclusion: "FAIL" }),
    measurement("MC-CAL", { kind: "CALIBRATION", procedure: "JJF 1059.1-2012", conclusion: null, validUntil: null, uncertainty: { value: 0.05, unit: "mm", coverageFactor: 2 }, instrument: { name: "量块", serialNumber: "SN-CAL", quantity: "长度" } }),
  ] }, ADMIN)).importMetrologyResults, 3);
  const em = t.db.orm.em.fork();
  for (const row of (await em.execute(`select id::text as id, number from certification.certificate`)) as { id: string; number: string }[]) ids.set(row.number, row.id);
  for (const row of (await em.execute(`select id::text as id, number from metrology.result`)) as { id: string; number: string }[]) ids.set(row.number, `M${row.id}`);
  await t.ok(`mutation($id: ID!) { setCertificateStatus(id: $id, status: SUSPENDED, reason: "监督审核不合格") { status } }`, { id: ids.get("R-SUSP") }, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe("Certificate.recognition through the gateway", () => {
  it("explains a recognised certificate, every check in order, under the agreement used, as of today by default", async () => {
    const { certificate: c } = await t.ok(CERT_RECOGNITION, { id: ids.get("R-OK"), in: "SH" });
    expect(c.recognition).toMatchObject({ subjectId: ids.get("R-OK"), subjectKind: "CERTIFICATE", targetProvince: "SH", asOf: T, outcome: "RECOGNIZED", agreement: { id: "YRD", parties: ["SH", "JS", "ZJ", "AH"] } });
    expect(c.recognition.reasons.map((r: { code: string; passed: boolean }) => [r.code, r.passed])).toEqual([
      ["AGREEMENT", true], ["STATUS", true], ["VALIDITY", true], ["ACCREDITATION", true], ["STANDARDS", true],
    ]);
  });

  it.each<[string, string, number | null, string, string[]]>([
    ["R-OK", "ZJ", null, "RECOGNIZED", []],
    ["R-LOCAL", "SH", null, "CONDITIONAL", ["STANDARDS"]],
    ["R-LOCAL", "ZJ", null, "RECOGNIZED", []],
    ["R-SUSP", "SH", null, "NOT_RECOGNIZED", ["STATUS"]],
    ["R-SUSP", "SH", -10, "RECOGNIZED", []],
    ["R-CCC", "JS", null, "CONDITIONAL", ["STANDARDS"]],
    ["R-CCC", "JS", -200, "RECOGNIZED", []],
    ["R-EXPIRED", "AH", null, "NOT_RECOGNIZED", ["VALIDITY"]],
    ["R-NARROW", "SH", null, "NOT_RECOGNIZED", ["ACCREDITATION"]],
    ["R-OK", "SH", -500, "NOT_RECOGNIZED", ["STATUS", "VALIDITY"]],
  ])("%s in %s, %s days from today: %s", async (number, target, days, outcome, failedCodes) => {
    const { certificate: c } = await t.ok(CERT_RECOGNITION, { id: ids.get(number), in: target, asOf: days === null ? null : d(days) });
    expect(c.recognition.outcome).toBe(outcome);
    expect(failed(c.recognition)).toEqual(failedCodes);
    expect(c.recognition.asOf).toBe(days === null ? T : d(days));
    if (target === "ZJ") expect(c.recognition.agreement).toBeNull();
  });
});

describe("MetrologyResult.recognition through the gateway", () => {
  it.each<[string, string, string, string[], string]>([
    ["MV-PASS", "JS", "RECOGNIZED", [], "CONCLUSION"],
    ["MV-FAIL", "JS", "NOT_RECOGNIZED", ["CONCLUSION"], "CONCLUSION"],
    ["MC-CAL", "AH", "RECOGNIZED", [], "UNCERTAINTY"],
  ])("%s in %s: %s", async (number, target, outcome, failedCodes, lastCheck) => {
    const { metrologyResult: m } = await t.ok(METROLOGY_RECOGNITION, { id: ids.get(number), in: target });
    expect(m.recognition).toMatchObject({ subjectId: ids.get(number), subjectKind: "METROLOGY_RESULT", outcome });
    expect(failed(m.recognition)).toEqual(failedCodes);
    expect(m.recognition.reasons.map((r: { code: string }) => r.code)).toEqual(["AGREEMENT", "STATUS", "VALIDITY", "ACCREDITATION", lastCheck]);
  });
});

describe("verifyRecognition", () => {
  it("answers mixed kinds and targets in request order, with unknown subjects failing only their own entry", async () => {
    const requests = [
      { subjectId: ids.get("R-OK"), targetProvince: "SH" },
      { subjectId: ids.get("MV-FAIL"), targetProvince: "JS" },
      { subjectId: "999999", targetProvince: "SH" },
      { subjectId: "M999999", targetProvince: "AH" },
      { subjectId: "not-an-id", targetProvince: "AH" },
      { subjectId: ids.get("R-LOCAL"), targetProvince: "AH", asOf: d(-1) },
      { subjectId: ids.get("MC-CAL"), targetProvince: "ZJ" },
      { subjectId: ids.get("R-SUSP"), targetProvince: "SH", asOf: d(-10) },
    ];
    const { verifyRecognition: decisions } = await t.ok(VERIFY, { requests });
    expect(decisions.map((x: { subjectId: string; subjectKind: string; targetProvince: string; outcome: string }) => [x.subjectId, x.subjectKind, x.targetProvince, x.outcome])).toEqual([
      [ids.get("R-OK"), "CERTIFICATE", "SH", "RECOGNIZED"],
      [ids.get("MV-FAIL"), "METROLOGY_RESULT", "JS", "NOT_RECOGNIZED"],
      ["999999", "CERTIFICATE", "SH", "NOT_RECOGNIZED"],
      ["M999999", "METROLOGY_RESULT", "AH", "NOT_RECOGNIZED"],
      ["not-an-id", "CERTIFICATE", "AH", "NOT_RECOGNIZED"],
      [ids.get("R-LOCAL"), "CERTIFICATE", "AH", "CONDITIONAL"],
      [ids.get("MC-CAL"), "METROLOGY_RESULT", "ZJ", "RECOGNIZED"],
      [ids.get("R-SUSP"), "CERTIFICATE", "SH", "RECOGNIZED"],
    ]);
    for (const i of [2, 3, 4]) expect(decisions[i].reasons).toEqual([{ code: "NOT_FOUND", passed: false, message: expect.stringMatching(/999999|not-an-id/) }]);
    expect(decisions[5].asOf).toBe(d(-1));
    expect(decisions[6].agreement).toBeNull();
  });

  it("takes 1,000 requests and refuses 1,001 with LIMIT_EXCEEDED", async () => {
    const request = { subjectId: ids.get("R-OK"), targetProvince: "SH" };
    const { verifyRecognition: decisions } = await t.ok(`query($r: [RecognitionRequest!]!) { verifyRecognition(requests: $r) { outcome } }`, { r: Array(1000).fill(request) });
    expect(decisions).toHaveLength(1000);
    expect(decisions.every((x: { outcome: string }) => x.outcome === "RECOGNIZED")).toBe(true);
    const refused = await t.query(`query($r: [RecognitionRequest!]!) { verifyRecognition(requests: $r) { outcome } }`, { r: Array(1001).fill(request) });
    expect(refused.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
  });

  it("costs the same SQL statements for 10 requests as for 200", async () => {
    const bulk = [...ids.entries()].filter(([number]) => number.startsWith("R-BULK-")).map(([, id]) => id);
    const metrology = [ids.get("MV-PASS")!, ids.get("MV-FAIL")!, ids.get("MC-CAL")!];
    const targets = ["SH", "JS", "ZJ", "AH"];
    const requests = (n: number) => Array.from({ length: n }, (_, i) => ({
      subjectId: i % 10 === 0 ? metrology[i % 3] : bulk[i % bulk.length], targetProvince: targets[i % 4], asOf: d(-(i % 7)),
    }));
    const small = await countStatements(() => t.ok(VERIFY, { requests: requests(10) }));
    const large = await countStatements(() => t.ok(VERIFY, { requests: requests(200) }));
    expect(large.result.verifyRecognition).toHaveLength(200);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
  });

  it("decides a page of certificates with recognition at a cost that does not grow with the page", async () => {
    const page = (n: number) => t.ok(`{ certificates(first: ${n}) { edges { node { id recognition(in: SH) { outcome } js: recognition(in: JS, asOf: "${d(-3)}") { outcome } } } } }`);
    const small = await countStatements(() => page(10));
    const large = await countStatements(() => page(100));
    expect(large.result.certificates.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
  });
});
