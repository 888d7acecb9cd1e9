/**
 * The verification page's operations. The page asks in three parts (the subject, its standards'
 * status, its recognition in each province) so that one part failing leaves the others on screen.
 */

const INSTITUTION = `id name kind province accreditations { scheme number scope status validFrom validUntil }`;

const CERTIFICATE = `id number kind scheme province scope issuedOn validUntil status updatedAt
  holder { uscc name province }
  issuer { ${INSTITUTION} }
  standards { code }`;

export const CERTIFICATE_BY_ID = `query VerifyCertificate($id: ID!) { certificate(id: $id) { ${CERTIFICATE} } }`;

export const CERTIFICATES_BY_NUMBER = `query VerifyCertificateNumber($number: String!) { certificatesByNumber(number: $number) { ${CERTIFICATE} } }`;

export const CERTIFICATE_STANDARDS = `query VerifyStandards($id: ID!) {
  certificate(id: $id) { standards { code title status supersededBy { code } } }
}`;

const DECISION = `fragment Decision on RecognitionDecision {
  targetProvince asOf outcome reasons { code passed message } agreement { id title }
}`;

/** One alias per province: the four decisions in one request. */
const FOUR = `SH: recognition(in: SH) { ...Decision } JS: recognition(in: JS) { ...Decision }
  ZJ: recognition(in: ZJ) { ...Decision } AH: recognition(in: AH) { ...Decision }`;

export const CERTIFICATE_RECOGNITION = `query VerifyCertificateRecognition($id: ID!) { certificate(id: $id) { ${FOUR} } } ${DECISION}`;

export const METROLOGY_BY_ID = `query VerifyMetrology($id: ID!) {
  metrologyResult(id: $id) {
    id number kind province procedure measuredOn validUntil conclusion traceability
    owner { uscc name province }
    issuer { ${INSTITUTION} }
    instrument { name model serialNumber quantity }
    uncertainty { value unit coverageFactor }
  }
}`;

export const METROLOGY_RECOGNITION = `query VerifyMetrologyRecognition($id: ID!) { metrologyResult(id: $id) { ${FOUR} } } ${DECISION}`;

export const PROVINCES = ["SH", "JS", "ZJ", "AH"] as const;
export type ProvinceCode = (typeof PROVINCES)[number];

export interface Accreditation { scheme: string; number: string; scope: string[]; status: string; validFrom: string; validUntil: string | null }
export interface Institution { id: string; name: string; kind: string; province: string; accreditations: Accreditation[] }
export interface Enterprise { uscc: string; name: string; province: string | null }

export interface Certificate {
  id: string; number: string; kind: string; scheme: string; province: string; scope: string;
  issuedOn: string; validUntil: string; status: string; updatedAt: string;
  holder: Enterprise; issuer: Institution; standards: { code: string }[];
}

export interface MetrologyResult {
  id: string; number: string; kind: string; province: string; procedure: string; measuredOn: string;
  validUntil: string | null; conclusion: string | null; traceability: string;
  owner: Enterprise; issuer: Institution;
  instrument: { name: string; model: string | null; serialNumber: string; quantity: string };
  uncertainty: { value: number; unit: string; coverageFactor: number } | null;
}

export interface StandardStatus { code: string; title: string; status: string; supersededBy: { code: string } | null }

export interface Decision {
  targetProvince: string; asOf: string; outcome: string;
  reasons: { code: string; passed: boolean; message: string }[];
  agreement: { id: string; title: string } | null;
}

export type FourDecisions = Record<ProvinceCode, Decision>;

/** Metrology results travel as "M" + digits; anything else is a certificate id or number. */
export const isMetrologyId = (value: string): boolean => /^M\d+$/i.test(value);
