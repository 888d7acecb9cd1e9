import { ProvinceCode } from "../../src/platform/province";
import type { TokenClaims } from "../../src/platform/auth/viewer";
import { ADMIN, post, startTestPlatform, tokenFor, type GraphQLResponse, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

/**
 * Every role against every mutation and every sensitive field, through the gateway: what each may do
 * succeeds, what it may not is refused with FORBIDDEN and changes nothing.
 */
let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0001");
const SZ = makeUscc("320505", "MA1MX0002");
let zjCertificate: string;

const ROLES: Record<string, TokenClaims | undefined> = {
  public: undefined,
  enterprise: { sub: "ent-hz", role: "enterprise", uscc: HZ },
  enterpriseOther: { sub: "ent-sz", role: "enterprise", uscc: SZ },
  regulatorSH: { sub: "reg-sh", role: "regulator", province: ProvinceCode.SH },
  regulatorZJ: { sub: "reg-zj", role: "regulator", province: ProvinceCode.ZJ },
  issuerOwn: { sub: "iss-zj", role: "issuer", institutionId: "CB-ZJ" },
  issuerOther: { sub: "iss-sh", role: "issuer", institutionId: "CB-SH" },
  partner: { sub: "partner-1", role: "partner" },
  admin: ADMIN,
};
type RoleName = keyof typeof ROLES;
const ALL = Object.keys(ROLES) as RoleName[];
const except = (allowed: RoleName[]) => ALL.filter((r) => !allowed.includes(r));

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const SET_STATUS = `mutation($id: ID!, $status: CertificateStatus!) { setCertificateStatus(id: $id, status: $status, reason: "matrix check") { status } }`;
const HISTORY = `query($id: ID!) { certificate(id: $id) { statusHistory { status reason } } }`;
const zjRow = certificate({ number: "ZJ-0001", holderUscc: HZ, issuerId: "CB-ZJ" });

beforeAll(async () => {
  t = await startTestPlatform();
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }, { uscc: SZ, name: "苏州精密机械有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ"), certificationBody("CB-SH", "SH")] }, ADMIN);
  await t.ok(IMPORT_CERTIFICATES, { records: [zjRow] }, ADMIN);
  const found = await t.ok(`{ certificatesByNumber(number: "ZJ-0001") { id } }`);
  zjCertificate = found.certificatesByNumber[0].id;
  // A status change with a reason, so that hiding the reason is observable.
  await t.ok(SET_STATUS, { id: zjCertificate, status: "SUSPENDED" }, ADMIN);
  await t.ok(SET_STATUS, { id: zjCertificate, status: "ACTIVE" }, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe("setCertificateStatus on a certificate issued in ZJ", () => {
  it.each(["admin", "regulatorZJ"] as RoleName[])("%s may suspend and reinstate it", async (role) => {
    expect((await t.ok(SET_STATUS, { id: zjCertificate, status: "SUSPENDED" }, ROLES[role])).setCertificateStatus.status).toBe("SUSPENDED");
    expect((await t.ok(SET_STATUS, { id: zjCertificate, status: "ACTIVE" }, ROLES[role])).setCertificateStatus.status).toBe("ACTIVE");
  });

  it.each(except(["admin", "regulatorZJ"]))("%s is refused with FORBIDDEN and nothing changes", async (role) => {
    const response = await t.query(SET_STATUS, { id: zjCertificate, status: "WITHDRAWN" }, ROLES[role]);
    expect(codes(response)).toEqual(["FORBIDDEN"]);
    expect((await t.ok(`query($id: ID!) { certificate(id: $id) { status } }`, { id: zjCertificate })).certificate.status).toBe("ACTIVE");
  });
});

describe("importCertificates", () => {
  it.each(["admin", "issuerOwn"] as RoleName[])("%s may import a certificate issued by CB-ZJ", async (role) => {
    expect((await t.ok(IMPORT_CERTIFICATES, { records: [zjRow] }, ROLES[role])).importCertificates).toEqual({ accepted: 1, rejected: [] });
  });

  it("an issuer may not import another issuer's certificates (the row is refused with FORBIDDEN)", async () => {
    const row = certificate({ number: "ZJ-FORGED", holderUscc: HZ, issuerId: "CB-ZJ" });
    const result = (await t.ok(IMPORT_CERTIFICATES, { records: [row] }, ROLES.issuerOther)).importCertificates;
    expect(result).toEqual({ accepted: 0, rejected: [expect.objectContaining({ index: 0, code: "FORBIDDEN", field: "issuerId" })] });
    expect((await t.ok(`{ certificatesByNumber(number: "ZJ-FORGED") { id } }`)).certificatesByNumber).toEqual([]);
  });

  it.each(except(["admin", "issuerOwn", "issuerOther"]))("%s is refused with FORBIDDEN", async (role) => {
    const row = certificate({ number: "ZJ-NOPE", holderUscc: HZ, issuerId: "CB-ZJ" });
    expect(codes(await t.query(IMPORT_CERTIFICATES, { records: [row] }, ROLES[role]))).toEqual(["FORBIDDEN"]);
    expect((await t.ok(`{ certificatesByNumber(number: "ZJ-NOPE") { id } }`)).certificatesByNumber).toEqual([]);
  });
});

describe("importEnterprises", () => {
  it.each(["admin", "issuerOwn", "issuerOther"] as RoleName[])("%s may import enterprises", async (role) => {
    expect((await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }] }, ROLES[role])).importEnterprises.accepted).toBe(1);
  });

  it.each(except(["admin", "issuerOwn", "issuerOther"]))("%s is refused with FORBIDDEN and the name stays", async (role) => {
    expect(codes(await t.query(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "改名" }] }, ROLES[role]))).toEqual(["FORBIDDEN"]);
    expect((await t.ok(`query($u: String!) { enterprise(uscc: $u) { name } }`, { u: HZ })).enterprise.name).toBe("杭州测试电子有限公司");
  });
});

describe("importInstitutions", () => {
  it("admin may import institutions", async () => {
    expect((await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN)).importInstitutions.accepted).toBe(1);
  });

  it.each(except(["admin"]))("%s is refused with FORBIDDEN", async (role) => {
    expect(codes(await t.query(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-NEW", "AH")] }, ROLES[role]))).toEqual(["FORBIDDEN"]);
    expect((await t.ok(`{ institution(id: "CB-NEW") { id } }`)).institution).toBeNull();
  });
});

describe("statusHistory reasons (field level: null for those who may not see them)", () => {
  const SEE = ["admin", "regulatorSH", "regulatorZJ", "enterprise", "issuerOwn"] as RoleName[];

  it.each(SEE)("%s sees why the certificate was suspended", async (role) => {
    const history = (await t.ok(HISTORY, { id: zjCertificate }, ROLES[role])).certificate.statusHistory;
    expect(history.filter((h: { status: string }) => h.status === "SUSPENDED")[0].reason).toBe("matrix check");
  });

  it.each(except(SEE))("%s sees the history without any reason", async (role) => {
    const history = (await t.ok(HISTORY, { id: zjCertificate }, ROLES[role])).certificate.statusHistory;
    expect(history.length).toBeGreaterThan(1);
    expect(history.every((h: { reason: string | null }) => h.reason === null)).toBe(true);
  });
});

describe("every subgraph enforces it on its own (called directly, bypassing the gateway)", () => {
  it("refuses a write without a token, and with a forged one", async () => {
    const registry = t.platform.subgraphs.registry!.url;
    const anonymous = await post(registry, { query: IMPORT_INSTITUTIONS, variables: { records: [certificationBody("CB-DIRECT", "AH")] } }, { "apollo-require-preflight": "1" });
    expect(codes(anonymous)).toEqual(["FORBIDDEN"]);
    const forged = await post(registry, { query: IMPORT_INSTITUTIONS, variables: { records: [] } }, { authorization: `Bearer ${tokenFor(ADMIN)}x`, "apollo-require-preflight": "1" });
    expect(forged.status).toBe(401);
    expect(codes(forged)).toEqual(["UNAUTHENTICATED"]);
    const certification = t.platform.subgraphs.certification!.url;
    const status = await post(certification, { query: SET_STATUS, variables: { id: zjCertificate, status: "WITHDRAWN" } }, { "apollo-require-preflight": "1" });
    expect(codes(status)).toEqual(["FORBIDDEN"]);
    expect((await t.ok(`{ institution(id: "CB-DIRECT") { id } }`)).institution).toBeNull();
  });
});
