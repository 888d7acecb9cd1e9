import type { TokenClaims } from "../../src/platform/auth/viewer";
import { ProvinceCode } from "../../src/platform/province";
import { ADMIN, startTestPlatform, type GraphQLResponse, type TestPlatform } from "../support/platform";
import { IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { IMPORT_STANDARDS, standardInput } from "../support/standards-fixtures";
import { calibration, IMPORT_METROLOGY, metrologyInstitute } from "../support/metrology-fixtures";

/**
 * The authorization matrix, continued over standards, metrology, recognition and the feed: allowed
 * calls succeed, refused ones get FORBIDDEN (whole call) or a FORBIDDEN row (imports of others' rows).
 */
let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0001");

const ROLES: Record<string, TokenClaims | undefined> = {
  public: undefined,
  enterprise: { sub: "ent-hz", role: "enterprise", uscc: HZ },
  regulatorSH: { sub: "reg-sh", role: "regulator", province: ProvinceCode.SH },
  regulatorAH: { sub: "reg-ah", role: "regulator", province: ProvinceCode.AH },
  issuerOwn: { sub: "iss-met-zj", role: "issuer", institutionId: "MET-ZJ" },
  issuerOther: { sub: "iss-met-sh", role: "issuer", institutionId: "MET-SH" },
  partner: { sub: "partner-1", role: "partner" },
  admin: ADMIN,
};
type RoleName = keyof typeof ROLES;
const ALL = Object.keys(ROLES) as RoleName[];
const except = (allowed: RoleName[]) => ALL.filter((r) => !allowed.includes(r));
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const rowCodes = (result: { rejected: { code: string }[] }) => result.rejected.map((r) => r.code);

const DEFINE = `mutation($input: RecognitionAgreementInput!) { defineRecognitionAgreement(input: $input) { id parties } }`;
const agreement = (id: string) => ({ id, title: "沪浙互认", parties: ["SH", "ZJ"], subjectKinds: ["CERTIFICATE"], effectiveFrom: "2024-01-01" });
const CHANGES = `{ changes(first: 1) { edges { cursor } } }`;

beforeAll(async () => {
  t = await startTestPlatform();
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [metrologyInstitute("MET-ZJ", "ZJ"), metrologyInstitute("MET-SH", "SH")] }, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe("importStandards", () => {
  it("admin may import national standards; a regulator only LOCAL standards of its own province", async () => {
    expect((await t.ok(IMPORT_STANDARDS, { records: [standardInput("GB/T 19001-2016")] }, ADMIN)).importStandards).toEqual({ accepted: 1, rejected: [] });
    const local = standardInput("DB31/T 1234-2020", { kind: "LOCAL", province: "SH" });
    expect((await t.ok(IMPORT_STANDARDS, { records: [local] }, ROLES.regulatorSH)).importStandards.accepted).toBe(1);
    const national = (await t.ok(IMPORT_STANDARDS, { records: [standardInput("GB/T 24001-2016")] }, ROLES.regulatorSH)).importStandards;
    expect([national.accepted, rowCodes(national)]).toEqual([0, ["FORBIDDEN"]]);
    const foreign = (await t.ok(IMPORT_STANDARDS, { records: [local] }, ROLES.regulatorAH)).importStandards;
    expect([foreign.accepted, rowCodes(foreign)]).toEqual([0, ["FORBIDDEN"]]);
    expect((await t.ok(`{ standard(code: "GB/T 24001-2016") { code } }`)).standard).toBeNull();
  });

  it.each(except(["admin", "regulatorSH", "regulatorAH"]))("%s is refused with FORBIDDEN", async (role) => {
    expect(codes(await t.query(IMPORT_STANDARDS, { records: [standardInput("GB/T 28001-2011")] }, ROLES[role]))).toEqual(["FORBIDDEN"]);
  });
});

describe("importMetrologyResults", () => {
  it.each(["admin", "issuerOwn"] as RoleName[])("%s may import a result issued by MET-ZJ", async (role) => {
    const result = (await t.ok(IMPORT_METROLOGY, { records: [calibration({ ownerUscc: HZ })] }, ROLES[role])).importMetrologyResults;
    expect(result).toEqual({ accepted: 1, rejected: [] });
  });

  it("another issuer's rows are refused with FORBIDDEN", async () => {
    const result = (await t.ok(IMPORT_METROLOGY, { records: [calibration({ number: "CAL-FORGED", ownerUscc: HZ })] }, ROLES.issuerOther)).importMetrologyResults;
    expect([result.accepted, rowCodes(result)]).toEqual([0, ["FORBIDDEN"]]);
  });

  it.each(except(["admin", "issuerOwn", "issuerOther"]))("%s is refused with FORBIDDEN", async (role) => {
    expect(codes(await t.query(IMPORT_METROLOGY, { records: [calibration({ number: "CAL-NO", ownerUscc: HZ })] }, ROLES[role]))).toEqual(["FORBIDDEN"]);
  });
});

describe("defineRecognitionAgreement", () => {
  it.each(["admin", "regulatorSH"] as RoleName[])("%s may define an SH-ZJ agreement", async (role) => {
    expect((await t.ok(DEFINE, { input: agreement(`A-${role}`) }, ROLES[role])).defineRecognitionAgreement.parties).toEqual(["SH", "ZJ"]);
  });

  it.each(except(["admin", "regulatorSH"]))("%s is refused with FORBIDDEN (a regulator must be a party)", async (role) => {
    expect(codes(await t.query(DEFINE, { input: agreement(`A-${role}`) }, ROLES[role]))).toEqual(["FORBIDDEN"]);
    const ids = (await t.ok(`{ recognitionAgreements { id } }`)).recognitionAgreements.map((a: { id: string }) => a.id);
    expect(ids).not.toContain(`A-${role}`);
  });
});

describe("the changes query", () => {
  it.each(["partner", "regulatorSH", "admin"] as RoleName[])("%s may read the feed", async (role) => {
    expect((await t.ok(CHANGES, undefined, ROLES[role])).changes.edges.length).toBe(1);
  });

  it.each(except(["partner", "regulatorSH", "regulatorAH", "admin"]))("%s is refused with FORBIDDEN", async (role) => {
    expect(codes(await t.query(CHANGES, undefined, ROLES[role]))).toEqual(["FORBIDDEN"]);
  });
});
