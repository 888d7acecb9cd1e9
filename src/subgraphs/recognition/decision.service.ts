import type { Em } from "../../platform/database/orm";
import type { IsoDate } from "../../platform/dates";
import type { ProvinceCode } from "../../platform/province";
import { certificationReader, type CertificateRecord } from "../certification/certification.reader";
import { metrologyReader, type MetrologyRecord } from "../metrology/metrology.reader";
import { registryReader } from "../registry/registry.reader";
import { standardsReader } from "../standards/standards.reader";
import { listAgreements } from "./agreement.service";
import { RecognitionOutcome, SubjectKind } from "./recognition.enums";
import type { AgreementFacts, Evaluation, IssuerFacts, SubjectFacts } from "./recognition.facts";
import { evaluate } from "./recognition.rules";

export interface RecognitionQuery {
  subjectId: string;
  targetProvince: ProvinceCode;
  asOf: IsoDate;
  /** Known when asked through Certificate.recognition or MetrologyResult.recognition; else guessed from the id. */
  kind?: SubjectKind;
}

export interface Decision extends Evaluation {
  subjectId: string;
  subjectKind: SubjectKind;
  targetProvince: ProvinceCode;
  asOf: IsoDate;
}

const CERTIFICATE_ID = /^\d{1,18}$/;
const METROLOGY_ID = /^M\d{1,18}$/;

/** Certificate ids are digits, metrology result ids "M" and digits; anything else is taken for a certificate. */
export const guessKind = (id: string): SubjectKind => (/^m/i.test(id.trim()) ? SubjectKind.METROLOGY_RESULT : SubjectKind.CERTIFICATE);

const certificateFacts = (c: CertificateRecord): SubjectFacts => ({
  kind: SubjectKind.CERTIFICATE, id: c.id, province: c.province, issuerId: c.issuerId, scheme: c.scheme,
  issuedOn: c.issuedOn, validUntil: c.validUntil, standardCodes: c.standardCodes,
  history: c.history.map((h) => ({ status: h.status, on: h.effectiveOn })),
});

const metrologyFacts = (m: MetrologyRecord): SubjectFacts => ({
  kind: SubjectKind.METROLOGY_RESULT, id: m.id, province: m.province, issuerId: m.issuerId, metrologyKind: m.kind,
  quantity: m.quantity, measuredOn: m.measuredOn, validUntil: m.validUntil, conclusion: m.conclusion, uncertainty: m.uncertainty,
});

/** The answer for a subject that does not exist: one failed NOT_FOUND reason, so the rest of a batch still answers. */
function notFound(query: RecognitionQuery, kind: SubjectKind): Decision {
  const id = query.subjectId;
  const message =
    kind === SubjectKind.CERTIFICATE
      ? CERTIFICATE_ID.test(id) ? `No certificate ${id} exists` : `"${id}" is neither a certificate id (digits) nor a metrology result id ("M" and digits)`
      : METROLOGY_ID.test(id) ? `No metrology result ${id} exists` : `"${id}" is not a metrology result id ("M" and digits)`;
  return {
    subjectId: id, subjectKind: kind, targetProvince: query.targetProvince, asOf: query.asOf,
    outcome: RecognitionOutcome.NOT_RECOGNIZED, reasons: [{ code: "NOT_FOUND", passed: false, message }], agreement: null,
  };
}

/**
 * Decides any number of requests at a constant cost: one read of the agreements, one batch per read
 * service (certificates with their status history, metrology results, institutions, accreditations
 * with their history, standards), then the pure rules per request. Answers in request order.
 */
export async function decideRecognition(em: Em, queries: readonly RecognitionQuery[], agreements?: Promise<AgreementFacts[]>): Promise<Decision[]> {
  if (!queries.length) return [];
  const kinds = queries.map((q) => q.kind ?? guessKind(q.subjectId));
  const certificateIds = queries.filter((q, i) => kinds[i] === SubjectKind.CERTIFICATE && CERTIFICATE_ID.test(q.subjectId)).map((q) => q.subjectId);
  const metrologyIds = queries.filter((q, i) => kinds[i] === SubjectKind.METROLOGY_RESULT && METROLOGY_ID.test(q.subjectId)).map((q) => q.subjectId);

  const [allAgreements, certificates, results] = await Promise.all([
    agreements ?? listAgreements(em),
    certificateIds.length ? certificationReader(em).certificates(certificateIds) : new Map<string, CertificateRecord>(),
    metrologyIds.length ? metrologyReader(em).results(metrologyIds) : new Map<string, MetrologyRecord>(),
  ]);
  const subjects = new Map<string, SubjectFacts>();
  for (const c of certificates.values()) subjects.set(`${SubjectKind.CERTIFICATE}:${c.id}`, certificateFacts(c));
  for (const [id, m] of results) subjects.set(`${SubjectKind.METROLOGY_RESULT}:${id}`, metrologyFacts(m));

  const issuerIds = [...new Set([...subjects.values()].map((s) => s.issuerId))];
  const codes = [...new Set([...certificates.values()].flatMap((c) => c.standardCodes))];
  const registry = registryReader(em);
  const [institutions, accreditations, standards] = await Promise.all([
    registry.institutions(issuerIds),
    registry.accreditations(issuerIds),
    codes.length ? standardsReader(em).standards(codes) : new Map(),
  ]);
  const issuers = new Map<string, IssuerFacts>();
  for (const institution of institutions.values()) {
    issuers.set(institution.id, { id: institution.id, kind: institution.kind, accreditations: accreditations.get(institution.id) ?? [] });
  }

  return queries.map((query, i) => {
    const kind = kinds[i]!;
    const subject = subjects.get(`${kind}:${query.subjectId}`);
    if (!subject) return notFound(query, kind);
    const evaluation = evaluate(subject, allAgreements, issuers.get(subject.issuerId) ?? null, standards, query.targetProvince, query.asOf);
    return { subjectId: query.subjectId, subjectKind: kind, targetProvince: query.targetProvince, asOf: query.asOf, ...evaluation };
  });
}
