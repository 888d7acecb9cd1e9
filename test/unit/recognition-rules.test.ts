import type { ProvinceCode } from "../../src/platform/province";
import { RecognitionOutcome, SubjectKind } from "../../src/subgraphs/recognition/recognition.enums";
import type { AccreditationFacts, AgreementFacts, CertificateFacts, IssuerFacts, MetrologyFacts, StandardFacts, SubjectFacts } from "../../src/subgraphs/recognition/recognition.facts";
import { evaluate } from "../../src/subgraphs/recognition/recognition.rules";

const { RECOGNIZED, CONDITIONAL, NOT_RECOGNIZED } = RecognitionOutcome;
const SH = "SH" as ProvinceCode;
const ZJ = "ZJ" as ProvinceCode;
const JS = "JS" as ProvinceCode;

const agreement = (over: Partial<AgreementFacts> = {}): AgreementFacts => ({
  id: "YRD", title: "长三角质量基础设施互认协议", parties: [SH, JS, ZJ, "AH" as ProvinceCode],
  subjectKinds: [SubjectKind.CERTIFICATE, SubjectKind.METROLOGY_RESULT], effectiveFrom: "2020-01-01", effectiveUntil: null, ...over,
});

const certificate = (over: Partial<CertificateFacts> = {}): CertificateFacts => ({
  kind: SubjectKind.CERTIFICATE, id: "1", province: ZJ, issuerId: "CB-ZJ", scheme: "ISO 9001:2015",
  issuedOn: "2024-01-10", validUntil: "2027-01-09", standardCodes: ["GB/T 19001-2016"], history: [{ status: "ACTIVE", on: "2024-01-10" }], ...over,
});

const metrology = (over: Partial<MetrologyFacts> = {}): MetrologyFacts => ({
  kind: SubjectKind.METROLOGY_RESULT, id: "M1", province: ZJ, issuerId: "MET-ZJ", metrologyKind: "VERIFICATION", quantity: "压力",
  measuredOn: "2024-06-01", validUntil: "2025-05-31", conclusion: "PASS", uncertainty: null, ...over,
});

const accreditation = (over: Partial<AccreditationFacts> = {}): AccreditationFacts => ({
  scheme: "CNCA", number: "CNCA-R-001", scope: ["ISO 9001:2015", "CCC"], status: "ACTIVE", validFrom: "2015-01-01", validUntil: "2030-12-31",
  history: [{ status: "ACTIVE", effectiveOn: "2015-01-01" }], ...over,
});

const body = (...accreditations: AccreditationFacts[]): IssuerFacts => ({ id: "CB-ZJ", kind: "CERTIFICATION_BODY", accreditations: accreditations.length ? accreditations : [accreditation()] });
const metrologyInstitute = (...accreditations: AccreditationFacts[]): IssuerFacts => ({
  id: "MET-ZJ", kind: "METROLOGY_INSTITUTE",
  accreditations: accreditations.length ? accreditations : [accreditation({ scheme: "METROLOGY_AUTHORIZATION", number: "(国)法计(2015)00003号", scope: ["长度", "压力"] })],
});

const standard = (code: string, over: Partial<StandardFacts> = {}): StandardFacts => ({
  code, kind: "NATIONAL", province: null, supersededOn: null, supersededBy: null, abolishedOn: null, equivalentCodes: [], ...over,
});
const STANDARDS = new Map<string, StandardFacts>(
  [
    standard("GB/T 19001-2016"),
    standard("GB 4706.1-2005", { supersededOn: "2025-02-01", supersededBy: "GB 4706.1-2024" }),
    standard("GB/T 1-2000", { abolishedOn: "2020-01-01" }),
    standard("DB33/T 100-2020", { kind: "LOCAL", province: ZJ }),
    standard("DB33/T 310001-2021", { kind: "LOCAL", province: ZJ, equivalentCodes: ["DB31/T 310001-2021", "DB32/T 310001-2021", "DB34/T 310001-2021"] }),
    standard("DB31/T 200-2020", { kind: "LOCAL", province: SH }),
    standard("T/CAS 115-2005", { kind: "GROUP" }),
    standard("JB/T 10001-2018", { kind: "INDUSTRY" }),
    standard("YRD/T 1-2023", { kind: "REGIONAL" }),
  ].map((s) => [s.code, s]),
);

interface Case {
  name: string;
  subject?: SubjectFacts;
  agreements?: AgreementFacts[];
  issuer?: IssuerFacts | null;
  target?: ProvinceCode;
  asOf?: string;
  outcome: RecognitionOutcome;
  failed: string[];
  message?: RegExp;
}

const CASES: Case[] = [
  { name: "an active certificate under the YRD agreement", outcome: RECOGNIZED, failed: [] },
  // AGREEMENT
  { name: "same province: no agreement needed", agreements: [], target: ZJ, outcome: RECOGNIZED, failed: [], message: /no recognition agreement is needed/ },
  { name: "missing agreement", agreements: [], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"], message: /No recognition agreement lists both ZJ and SH/ },
  { name: "agreement between other provinces only", agreements: [agreement({ parties: [SH, JS] })], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"] },
  { name: "agreement not covering the subject kind", agreements: [agreement({ subjectKinds: [SubjectKind.METROLOGY_RESULT] })], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"], message: /do not cover certificates/ },
  { name: "agreement not yet effective", agreements: [agreement({ effectiveFrom: "2026-01-01" })], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"], message: /effective on 2025-03-01: YRD applies from 2026-01-01/ },
  { name: "agreement ended", agreements: [agreement({ effectiveUntil: "2024-12-31" })], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"] },
  { name: "agreement whose last day is asOf", agreements: [agreement({ effectiveUntil: "2025-03-01" })], outcome: RECOGNIZED, failed: [] },
  // STATUS
  { name: "suspended on the date", subject: certificate({ history: [{ status: "ACTIVE", on: "2024-01-10" }, { status: "SUSPENDED", on: "2025-02-01" }] }), outcome: NOT_RECOGNIZED, failed: ["STATUS"], message: /SUSPENDED \(since 2025-02-01\)/ },
  { name: "past asOf before a later suspension", subject: certificate({ history: [{ status: "ACTIVE", on: "2024-01-10" }, { status: "SUSPENDED", on: "2025-02-01" }] }), asOf: "2025-01-31", outcome: RECOGNIZED, failed: [] },
  { name: "suspended then reinstated", subject: certificate({ history: [{ status: "ACTIVE", on: "2024-01-10" }, { status: "SUSPENDED", on: "2024-05-01" }, { status: "ACTIVE", on: "2024-06-01" }] }), outcome: RECOGNIZED, failed: [] },
  { name: "withdrawn", subject: certificate({ history: [{ status: "ACTIVE", on: "2024-01-10" }, { status: "WITHDRAWN", on: "2024-09-01" }] }), outcome: NOT_RECOGNIZED, failed: ["STATUS"] },
  { name: "cancelled", subject: certificate({ history: [{ status: "CANCELLED", on: "2024-01-10" }] }), outcome: NOT_RECOGNIZED, failed: ["STATUS"] },
  // VALIDITY
  { name: "expired", asOf: "2027-01-10", outcome: NOT_RECOGNIZED, failed: ["VALIDITY"], message: /valid only until 2027-01-09/ },
  { name: "last day of validity", asOf: "2027-01-09", outcome: RECOGNIZED, failed: [] },
  { name: "a date before the certificate existed", asOf: "2023-06-01", outcome: NOT_RECOGNIZED, failed: ["STATUS", "VALIDITY"], message: /did not exist on 2023-06-01/ },
  // ACCREDITATION
  { name: "issuer not registered", issuer: null, outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /not a registered institution/ },
  { name: "accreditation withdrawn before issue", issuer: body(accreditation({ history: [{ status: "ACTIVE", effectiveOn: "2015-01-01" }, { status: "WITHDRAWN", effectiveOn: "2023-06-01" }] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /on 2024-01-10 \(issue date\): CNCA CNCA-R-001 was WITHDRAWN/ },
  { name: "accreditation suspended after issue, before asOf", issuer: body(accreditation({ history: [{ status: "ACTIVE", effectiveOn: "2015-01-01" }, { status: "SUSPENDED", effectiveOn: "2024-12-01" }] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /on 2025-03-01: CNCA CNCA-R-001 was SUSPENDED/ },
  { name: "accreditation suspended after asOf", issuer: body(accreditation({ history: [{ status: "ACTIVE", effectiveOn: "2015-01-01" }, { status: "SUSPENDED", effectiveOn: "2025-06-01" }] })), outcome: RECOGNIZED, failed: [] },
  { name: "accreditation imported as withdrawn", issuer: body(accreditation({ status: "WITHDRAWN", history: [{ status: "WITHDRAWN", effectiveOn: "2015-01-01" }] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"] },
  { name: "accreditation expired before asOf", issuer: body(accreditation({ validUntil: "2024-12-31" })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /valid only from 2015-01-01 to 2024-12-31/ },
  { name: "accreditation granted after issue", issuer: body(accreditation({ validFrom: "2024-02-01", history: [{ status: "ACTIVE", effectiveOn: "2024-02-01" }] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"] },
  { name: "accreditation renewed under a new number", issuer: body(accreditation({ validUntil: "2024-06-30" }), accreditation({ number: "CNCA-R-002", validFrom: "2024-07-01", history: [{ status: "ACTIVE", effectiveOn: "2024-07-01" }] })), outcome: RECOGNIZED, failed: [] },
  { name: "scope not covering the scheme", issuer: body(accreditation({ scope: ["CCC"] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /scope covering "ISO 9001:2015"/ },
  { name: "scope written differently", issuer: body(accreditation({ scope: [" iso  9001:2015"] })), outcome: RECOGNIZED, failed: [] },
  { name: "wrong accreditation scheme for a certification body", issuer: body(accreditation({ scheme: "CNAS" })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"], message: /holds no CNCA accreditation/ },
  // STANDARDS (soft)
  { name: "local standard of the origin without equivalent", subject: certificate({ standardCodes: ["GB/T 19001-2016", "DB33/T 100-2020"] }), outcome: CONDITIONAL, failed: ["STANDARDS"], message: /DB33\/T 100-2020 is a local standard of ZJ, the issuing province, with no equivalent in SH/ },
  { name: "local standard of the origin with an equivalent in the target", subject: certificate({ standardCodes: ["DB33/T 310001-2021"] }), outcome: RECOGNIZED, failed: [] },
  { name: "local standard of the target", subject: certificate({ standardCodes: ["DB31/T 200-2020"] }), outcome: RECOGNIZED, failed: [] },
  { name: "local standard of the target, seen from a third province", subject: certificate({ standardCodes: ["DB31/T 200-2020"] }), target: JS, outcome: CONDITIONAL, failed: ["STANDARDS"] },
  { name: "local standard, same province", subject: certificate({ standardCodes: ["DB33/T 100-2020"] }), target: ZJ, outcome: RECOGNIZED, failed: [] },
  { name: "superseded standard", subject: certificate({ standardCodes: ["GB 4706.1-2005"], scheme: "CCC" }), outcome: CONDITIONAL, failed: ["STANDARDS"], message: /superseded by GB 4706.1-2024 on 2025-02-01/ },
  { name: "standard superseded only after asOf", subject: certificate({ standardCodes: ["GB 4706.1-2005"], scheme: "CCC" }), asOf: "2025-01-31", outcome: RECOGNIZED, failed: [] },
  { name: "abolished standard", subject: certificate({ standardCodes: ["GB/T 1-2000"] }), outcome: CONDITIONAL, failed: ["STANDARDS"], message: /abolished/ },
  { name: "unknown standard code", subject: certificate({ standardCodes: ["GB/T 99999-2099"] }), outcome: CONDITIONAL, failed: ["STANDARDS"], message: /not a known standard/ },
  { name: "group, industry and regional standards", subject: certificate({ standardCodes: ["T/CAS 115-2005", "JB/T 10001-2018", "YRD/T 1-2023"] }), outcome: RECOGNIZED, failed: [] },
  { name: "no cited standards", subject: certificate({ standardCodes: [] }), outcome: RECOGNIZED, failed: [] },
  { name: "a hard and a soft failure", subject: certificate({ standardCodes: ["DB33/T 100-2020"] }), agreements: [], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT", "STANDARDS"] },
  // Metrology
  { name: "passed verification", subject: metrology(), issuer: metrologyInstitute(), outcome: RECOGNIZED, failed: [] },
  { name: "failed verification", subject: metrology({ conclusion: "FAIL" }), issuer: metrologyInstitute(), outcome: NOT_RECOGNIZED, failed: ["CONCLUSION"], message: /FAIL/ },
  { name: "verification past its validity", subject: metrology(), issuer: metrologyInstitute(), asOf: "2025-06-01", outcome: NOT_RECOGNIZED, failed: ["VALIDITY"] },
  { name: "calibration with uncertainty and no validUntil", subject: metrology({ metrologyKind: "CALIBRATION", conclusion: null, validUntil: null, uncertainty: { value: 0.05, unit: "MPa", coverageFactor: 2 } }), issuer: metrologyInstitute(), asOf: "2029-01-01", outcome: RECOGNIZED, failed: [] },
  { name: "calibration missing its uncertainty", subject: metrology({ metrologyKind: "CALIBRATION", conclusion: null, validUntil: null }), issuer: metrologyInstitute(), outcome: NOT_RECOGNIZED, failed: ["UNCERTAINTY"] },
  { name: "metrology result before it was measured", subject: metrology(), issuer: metrologyInstitute(), asOf: "2024-05-31", outcome: NOT_RECOGNIZED, failed: ["STATUS", "VALIDITY"], message: /did not exist on 2024-05-31/ },
  { name: "quantity not in the scope", subject: metrology({ quantity: "电学" }), issuer: metrologyInstitute(), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"] },
  { name: "metrology institute accredited by CNAS", subject: metrology(), issuer: metrologyInstitute(accreditation({ scheme: "CNAS", number: "CNAS L0300", scope: ["压力"] })), outcome: RECOGNIZED, failed: [] },
  { name: "metrology institute with only a CNCA accreditation", subject: metrology(), issuer: metrologyInstitute(accreditation({ scope: ["压力"] })), outcome: NOT_RECOGNIZED, failed: ["ACCREDITATION"] },
  { name: "testing lab accredited by CMA", subject: metrology(), issuer: { id: "LAB-ZJ", kind: "TESTING_LAB", accreditations: [accreditation({ scheme: "CMA", scope: ["压力"] })] }, outcome: RECOGNIZED, failed: [] },
  { name: "agreement covering certificates only", subject: metrology(), issuer: metrologyInstitute(), agreements: [agreement({ subjectKinds: [SubjectKind.CERTIFICATE] })], outcome: NOT_RECOGNIZED, failed: ["AGREEMENT"], message: /do not cover metrology results/ },
];

describe("the recognition rules", () => {
  it.each(CASES)("$name", (c) => {
    const result = evaluate(c.subject ?? certificate(), c.agreements ?? [agreement()], c.issuer === undefined ? body() : c.issuer, STANDARDS, c.target ?? SH, c.asOf ?? "2025-03-01");
    expect(result.outcome).toBe(c.outcome);
    expect(result.reasons.filter((r) => !r.passed).map((r) => r.code)).toEqual(c.failed);
    for (const reason of result.reasons) expect(reason.message.length).toBeGreaterThan(10);
    if (c.message) expect(result.reasons.map((r) => r.message).join("\n")).toMatch(c.message);
  });

  it("lists every check in the fixed order for each kind of subject", () => {
    const codes = (subject: SubjectFacts, issuer: IssuerFacts) => evaluate(subject, [agreement()], issuer, STANDARDS, SH, "2025-03-01").reasons.map((r) => r.code);
    expect(codes(certificate(), body())).toEqual(["AGREEMENT", "STATUS", "VALIDITY", "ACCREDITATION", "STANDARDS"]);
    expect(codes(metrology(), metrologyInstitute())).toEqual(["AGREEMENT", "STATUS", "VALIDITY", "ACCREDITATION", "CONCLUSION"]);
    expect(codes(metrology({ metrologyKind: "CALIBRATION" }), metrologyInstitute())).toEqual(["AGREEMENT", "STATUS", "VALIDITY", "ACCREDITATION", "UNCERTAINTY"]);
  });

  it("names the agreement used: none for the same province or a failure, else the most recent effective one", () => {
    const older = agreement({ id: "YRD-2020" });
    const newer = agreement({ id: "ZJ-SH-2024", parties: [ZJ, SH], effectiveFrom: "2024-01-01" });
    const future = agreement({ id: "ZJ-SH-2026", parties: [ZJ, SH], effectiveFrom: "2026-01-01" });
    expect(evaluate(certificate(), [older, newer, future], body(), STANDARDS, SH, "2025-03-01").agreement?.id).toBe("ZJ-SH-2024");
    expect(evaluate(certificate(), [older, newer], body(), STANDARDS, SH, "2023-03-01").agreement?.id).toBe("YRD-2020");
    expect(evaluate(certificate(), [older], body(), STANDARDS, ZJ, "2025-03-01").agreement).toBeNull();
    expect(evaluate(certificate(), [future], body(), STANDARDS, SH, "2025-03-01").agreement).toBeNull();
  });
});
