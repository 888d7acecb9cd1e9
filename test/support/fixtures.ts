import { usccCheckCharacter } from "../../src/platform/validation/uscc";

/** A valid USCC for a made-up organisation code in `division` (e.g. "330106" for Hangzhou). */
export function makeUscc(division: string, org: string): string {
  const first17 = `91${division}${org.padEnd(9, "0").slice(0, 9)}`;
  return first17 + usccCheckCharacter(first17);
}

export const accreditation = (scheme: string, number: string, scope: string[], extra: Record<string, unknown> = {}) => ({
  scheme, number, scope, status: "ACTIVE", validFrom: "2015-01-01", validUntil: "2035-12-31", ...extra,
});

export const certificationBody = (id: string, province: string, scope = ["ISO 9001:2015", "CCC"]) => ({
  id, name: `${province} 认证机构 ${id}`, kind: "CERTIFICATION_BODY", province,
  accreditations: [accreditation("CNCA", `CNCA-R-${id}`, scope)],
});

export const certificate = (over: Record<string, unknown>) => ({
  number: "C-1", kind: "MANAGEMENT_SYSTEM", scheme: "ISO 9001:2015", issuerId: "CB-ZJ", holderUscc: "",
  scope: "电子产品的设计和生产", standardCodes: ["GB/T 19001-2016"], issuedOn: "2024-01-10", validUntil: "2027-01-09",
  ...over,
});

export const IMPORT_ENTERPRISES = `mutation($records: [EnterpriseInput!]!) { importEnterprises(records: $records) { accepted rejected { index code field message } } }`;
export const IMPORT_INSTITUTIONS = `mutation($records: [InstitutionInput!]!) { importInstitutions(records: $records) { accepted rejected { index code field message } } }`;
export const IMPORT_CERTIFICATES = `mutation($records: [CertificateInput!]!) { importCertificates(records: $records) { accepted rejected { index code field message } } }`;
