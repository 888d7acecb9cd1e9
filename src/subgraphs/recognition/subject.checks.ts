import type { IsoDate } from "../../platform/dates";
import type { ProvinceCode } from "../../platform/province";
import { SubjectKind } from "./recognition.enums";
import type { AgreementFacts, CertificateFacts, MetrologyFacts, Reason, SubjectFacts } from "./recognition.facts";

/** The checks on the subject itself and the agreement: AGREEMENT, STATUS, VALIDITY, CONCLUSION, UNCERTAINTY. */

const KIND_LABEL: Record<SubjectKind, string> = {
  [SubjectKind.CERTIFICATE]: "certificates",
  [SubjectKind.METROLOGY_RESULT]: "metrology results",
};

const pass = (code: string, message: string): Reason => ({ code, passed: true, message });
const fail = (code: string, message: string): Reason => ({ code, passed: false, message });

export const isEffectiveOn = (agreement: AgreementFacts, on: IsoDate): boolean =>
  agreement.effectiveFrom <= on && (agreement.effectiveUntil === null || on <= agreement.effectiveUntil);

const period = (from: IsoDate, until: IsoDate | null): string => (until ? `from ${from} to ${until}` : `from ${from}, open-ended`);

/**
 * An agreement effective on the date that lists both provinces and covers the subject kind. Several
 * may apply: the most recent (latest effectiveFrom), then the lowest id, is the one reported.
 */
export function agreementCheck(
  kind: SubjectKind,
  origin: ProvinceCode,
  target: ProvinceCode,
  asOf: IsoDate,
  agreements: readonly AgreementFacts[],
): { reason: Reason; agreement: AgreementFacts | null } {
  if (origin === target) {
    return { reason: pass("AGREEMENT", `Issued in ${target} itself: no recognition agreement is needed`), agreement: null };
  }
  const between = agreements.filter((a) => a.parties.includes(origin) && a.parties.includes(target));
  if (!between.length) {
    return { reason: fail("AGREEMENT", `No recognition agreement lists both ${origin} and ${target}`), agreement: null };
  }
  const covering = between.filter((a) => a.subjectKinds.includes(kind));
  if (!covering.length) {
    const ids = between.map((a) => a.id).join(", ");
    return { reason: fail("AGREEMENT", `The agreements between ${origin} and ${target} (${ids}) do not cover ${KIND_LABEL[kind]}`), agreement: null };
  }
  const effective = covering
    .filter((a) => isEffectiveOn(a, asOf))
    .sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? a.id.localeCompare(b.id) : b.effectiveFrom.localeCompare(a.effectiveFrom)));
  const chosen = effective[0];
  if (!chosen) {
    const periods = covering.map((a) => `${a.id} applies ${period(a.effectiveFrom, a.effectiveUntil)}`).join("; ");
    return { reason: fail("AGREEMENT", `No agreement between ${origin} and ${target} covering ${KIND_LABEL[kind]} is effective on ${asOf}: ${periods}`), agreement: null };
  }
  return {
    reason: pass("AGREEMENT", `Agreement ${chosen.id} ("${chosen.title}") lists ${origin} and ${target}, covers ${KIND_LABEL[kind]} and is effective on ${asOf}`),
    agreement: chosen,
  };
}

/** The stored status in effect on the date: the last change recorded on or before that day. */
export function statusOn(history: readonly { status: string; on: IsoDate }[], on: IsoDate): { status: string; since: IsoDate } | null {
  let status: string | null = null;
  let since: IsoDate = "";
  for (const change of history) {
    if (change.on > on) continue;
    if (status !== change.status) since = change.on;
    status = change.status;
  }
  return status === null ? null : { status, since };
}

function certificateStatus(subject: CertificateFacts, asOf: IsoDate): Reason {
  const current = statusOn(subject.history, asOf);
  if (!current) {
    return asOf < subject.issuedOn
      ? fail("STATUS", `The certificate did not exist on ${asOf}: it was issued on ${subject.issuedOn}`)
      : fail("STATUS", `No status is recorded for the certificate on ${asOf}`);
  }
  if (current.status === "ACTIVE") return pass("STATUS", `Status on ${asOf}: ACTIVE (since ${current.since})`);
  return fail("STATUS", `Status on ${asOf}: ${current.status} (since ${current.since}), not ACTIVE`);
}

/** Metrology results have no status history: their status check is that the result existed on the date. */
function metrologyStatus(subject: MetrologyFacts, asOf: IsoDate): Reason {
  return subject.measuredOn <= asOf
    ? pass("STATUS", `The result exists on ${asOf} (measured on ${subject.measuredOn}); metrology results have no suspension or withdrawal`)
    : fail("STATUS", `The result did not exist on ${asOf}: it was measured on ${subject.measuredOn}`);
}

export const statusCheck = (subject: SubjectFacts, asOf: IsoDate): Reason =>
  subject.kind === SubjectKind.CERTIFICATE ? certificateStatus(subject, asOf) : metrologyStatus(subject, asOf);

/** issuedOn (measuredOn) <= asOf <= validUntil; a metrology result without validUntil has no upper bound. */
export function validityCheck(subject: SubjectFacts, asOf: IsoDate): Reason {
  const [from, verb] = subject.kind === SubjectKind.CERTIFICATE ? [subject.issuedOn, "issued"] : [subject.measuredOn, "measured"];
  const until = subject.validUntil;
  if (asOf < from) return fail("VALIDITY", `Not valid on ${asOf}: ${verb} on ${from}, later than that date`);
  if (until !== null && asOf > until) return fail("VALIDITY", `Expired: valid only until ${until}, before ${asOf}`);
  if (until === null) return pass("VALIDITY", `${verb === "issued" ? "Issued" : "Measured"} on ${from}; no expiry date is stated, so no upper bound applies on ${asOf}`);
  return pass("VALIDITY", `Valid from ${from} to ${until}, which includes ${asOf}`);
}

/** VERIFICATION: the conclusion must be PASS; a failed verification is kept but never recognised. */
export function conclusionCheck(subject: MetrologyFacts): Reason {
  if (subject.conclusion === "PASS") return pass("CONCLUSION", "Verification conclusion: PASS");
  if (subject.conclusion === "FAIL") return fail("CONCLUSION", "Verification conclusion: FAIL; a failed verification is never recognised");
  return fail("CONCLUSION", "No verification conclusion (PASS or FAIL) is stated");
}

/** CALIBRATION: an expanded uncertainty with its coverage factor must be stated. */
export function uncertaintyCheck(subject: MetrologyFacts): Reason {
  const u = subject.uncertainty;
  if (u && Number.isFinite(u.value) && u.value >= 0 && u.coverageFactor > 0) {
    return pass("UNCERTAINTY", `Uncertainty stated: U = ${u.value} ${u.unit} (k = ${u.coverageFactor})`);
  }
  return fail("UNCERTAINTY", "No measurement uncertainty with a coverage factor is stated for this calibration");
}
