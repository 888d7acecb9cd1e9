import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0001");
const SZ = makeUscc("320505", "MA1MX0002");

beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.stop();
});

describe("the platform through the gateway", () => {
  it("answers the provinces", async () => {
    const data = await t.ok(`{ provinces { code divisionCode name } }`);
    expect(data.provinces.map((p: { code: string }) => p.code)).toEqual(["SH", "JS", "ZJ", "AH"]);
    expect(data.provinces[2]).toEqual({ code: "ZJ", divisionCode: "330000", name: "浙江省" });
  });

  it("imports enterprises, institutions and certificates and resolves them across subgraphs", async () => {
    const enterprises = await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }, { uscc: SZ, name: "苏州精密机械有限公司" }] }, ADMIN);
    expect(enterprises.importEnterprises).toEqual({ accepted: 2, rejected: [] });
    const institutions = await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
    expect(institutions.importInstitutions).toEqual({ accepted: 1, rejected: [] });
    const certificates = await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "ZJ-0001", holderUscc: HZ })] }, ADMIN);
    expect(certificates.importCertificates).toEqual({ accepted: 1, rejected: [] });

    const data = await t.ok(`{ certificatesByNumber(number: "ZJ-0001") { number province status holder { uscc name province } issuer { id name kind accreditations { scheme scope } } standards { code } } }`);
    expect(data.certificatesByNumber).toEqual([
      {
        number: "ZJ-0001", province: "ZJ", status: "ACTIVE",
        holder: { uscc: HZ, name: "杭州测试电子有限公司", province: "ZJ" },
        issuer: { id: "CB-ZJ", name: "ZJ 认证机构 CB-ZJ", kind: "CERTIFICATION_BODY", accreditations: [{ scheme: "CNCA", scope: ["CCC", "ISO 9001:2015"] }] },
        standards: [], // GB/T 19001-2016 is cited but not imported as a standard here
      },
    ]);
  });
});
