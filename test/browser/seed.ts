import { addDays, today } from "../../src/platform/dates";
import { ADMIN, type TestPlatform } from "../support/platform";
import { accreditation, certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { IMPORT_METROLOGY, metrologyInstitute, verification } from "../support/metrology-fixtures";
import { IMPORT_STANDARDS, standardInput } from "../support/standards-fixtures";

export const HZ = makeUscc("330106", "MA27XB001");
export const NJ = makeUscc("320102", "MA1NJB002");
const DEFINE = `mutation($input: RecognitionAgreementInput!) { defineRecognitionAgreement(input: $input) { id } }`;

const accepted = (result: { accepted: number; rejected: unknown[] }, n: number) => {
  if (result.accepted !== n || result.rejected.length) throw new Error(`import: ${JSON.stringify(result)}`);
};

/**
 * Data of the browser tests' own, through the import mutations as an issuer system would send it:
 * two certification bodies (ZJ, JS), standards (one superseded), the YRD agreement, the certificates
 * `extra` adds to the defaults, and one verification result. Returns each number's id.
 */
export async function seed(t: TestPlatform, extra: Record<string, unknown>[] = []): Promise<Map<string, string>> {
  const T = today();
  accepted((await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州西湖智能仪表有限公司" }, { uscc: NJ, name: "南京秦淮精密机械有限公司" }] }, ADMIN)).importEnterprises, 2);
  accepted((await t.ok(IMPORT_INSTITUTIONS, { records: [
    certificationBody("CB-ZJ", "ZJ"), certificationBody("CB-JS", "JS"), metrologyInstitute("MET-ZJ", "ZJ"),
    { id: "CB-AH", name: "安徽认证中心", kind: "CERTIFICATION_BODY", province: "AH", accreditations: [accreditation("CNCA", "CNCA-R-AH", ["ISO 9001:2015"])] },
  ] }, ADMIN)).importInstitutions, 4);
  accepted((await t.ok(IMPORT_STANDARDS, { records: [
    standardInput("GB/T 19001-2016", { title: "质量管理体系 要求" }),
    standardInput("GB 4706.1-2005", { title: "家用和类似用途电器的安全 第1部分：通用要求", status: "SUPERSEDED", publishedOn: "2005-08-26", effectiveOn: "2006-08-01" }),
    standardInput("GB 4706.1-2024", { title: "家用和类似用途电器的安全 第1部分：通用要求", publishedOn: addDays(T, -300), effectiveOn: addDays(T, -100), supersedesCodes: ["GB 4706.1-2005"] }),
  ] }, ADMIN)).importStandards, 3);
  await t.ok(DEFINE, { input: { id: "YRD", title: "长三角质量基础设施互认协议", parties: ["SH", "JS", "ZJ", "AH"], subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"], effectiveFrom: "2020-01-01" } }, ADMIN);
  const certificates = [
    certificate({ number: "ZJ-QMS-2024-001", holderUscc: HZ, issuedOn: addDays(T, -200), validUntil: addDays(T, 900) }),
    ...extra,
  ];
  accepted((await t.ok(IMPORT_CERTIFICATES, { records: certificates }, ADMIN)).importCertificates, certificates.length);
  accepted((await t.ok(IMPORT_METROLOGY, { records: [verification({ number: "ZJ-JD-2025-0042", ownerUscc: HZ, measuredOn: addDays(T, -20), validUntil: addDays(T, 345) })] }, ADMIN)).importMetrologyResults, 1);

  const ids = new Map<string, string>();
  const certs = await t.ok(`{ certificates(first: 100) { edges { node { id number } } } }`);
  for (const { node } of certs.certificates.edges as { node: { id: string; number: string } }[]) ids.set(node.number, node.id);
  const results = await t.ok(`{ metrologyResults(first: 10) { edges { node { id number } } } }`);
  for (const { node } of results.metrologyResults.edges as { node: { id: string; number: string } }[]) ids.set(node.number, node.id);
  return ids;
}
