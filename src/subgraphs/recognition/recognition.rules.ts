import type { IsoDate } from "../../platform/dates";
import type { ProvinceCode } from "../../platform/province";
import { accreditationCheck } from "./accreditation.check";
import { RecognitionOutcome, SubjectKind } from "./recognition.enums";
import type { AgreementFacts, Evaluation, IssuerFacts, Reason, StandardFacts, SubjectFacts } from "./recognition.facts";
import { standardsCheck } from "./standards.check";
import { agreementCheck, conclusionCheck, statusCheck, uncertaintyCheck, validityCheck } from "./subject.checks";

/** Checks whose failure only makes a decision CONDITIONAL; every other failed check refuses it. */
export const SOFT_CHECKS: ReadonlySet<string> = new Set(["STANDARDS"]);

export function outcomeOf(reasons: readonly Reason[]): RecognitionOutcome {
  const failed = reasons.filter((r) => !r.passed);
  if (failed.some((r) => !SOFT_CHECKS.has(r.code))) return RecognitionOutcome.NOT_RECOGNIZED;
  return failed.length ? RecognitionOutcome.CONDITIONAL : RecognitionOutcome.RECOGNIZED;
}

/**
 * The recognition rules of DESIGN.md as one pure function: the subject's facts, the agreements, its
 * issuer's accreditations and its cited standards in, the outcome and every check (in the fixed order
 * AGREEMENT, STATUS, VALIDITY, ACCREDITATION, then STANDARDS / CONCLUSION / UNCERTAINTY) out.
 */
export function evaluate(
  subject: SubjectFacts,
  agreements: readonly AgreementFacts[],
  issuer: IssuerFacts | null,
  standards: ReadonlyMap<string, StandardFacts>,
  target: ProvinceCode,
  asOf: IsoDate,
): Evaluation {
  const agreement = agreementCheck(subject.kind, subject.province, target, asOf, agreements);
  const reasons: Reason[] = [agreement.reason, statusCheck(subject, asOf), validityCheck(subject, asOf), accreditationCheck(subject, issuer, asOf)];
  if (subject.kind === SubjectKind.CERTIFICATE) reasons.push(standardsCheck(subject.standardCodes, standards, subject.province, target, asOf));
  else if (subject.metrologyKind === "VERIFICATION") reasons.push(conclusionCheck(subject));
  else reasons.push(uncertaintyCheck(subject));
  return { outcome: outcomeOf(reasons), reasons, agreement: agreement.agreement };
}
