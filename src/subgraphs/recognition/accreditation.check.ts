import type { IsoDate } from "../../platform/dates";
import { SubjectKind } from "./recognition.enums";
import type { AccreditationFacts, IssuerFacts, Reason, SubjectFacts } from "./recognition.facts";

/** The accreditation schemes each kind of issuer needs (DESIGN.md, Recognition rules). */
export const REQUIRED_SCHEMES: Record<IssuerFacts["kind"], readonly string[]> = {
  CERTIFICATION_BODY: ["CNCA"],
  TESTING_LAB: ["CMA", "CNAS"],
  METROLOGY_INSTITUTE: ["METROLOGY_AUTHORIZATION", "CNAS"],
};

const KIND_LABEL: Record<IssuerFacts["kind"], string> = {
  CERTIFICATION_BODY: "certification body",
  TESTING_LAB: "testing lab",
  METROLOGY_INSTITUTE: "metrology institute",
};

/** Scopes are typed by people: compare them without width, case or spacing differences. */
const normalise = (text: string): string => text.normalize("NFKC").trim().replace(/\s+/g, " ").toUpperCase();

/** The accreditation's status on a date, from its history (the last change effective on or before it). */
export function accreditationStatusOn(accreditation: AccreditationFacts, on: IsoDate): string | null {
  if (!accreditation.history.length) return accreditation.validFrom <= on ? accreditation.status : null;
  let status: string | null = null;
  for (const change of accreditation.history) if (change.effectiveOn <= on) status = change.status;
  return status;
}

export const isActiveOn = (accreditation: AccreditationFacts, on: IsoDate): boolean =>
  accreditation.validFrom <= on &&
  (accreditation.validUntil === null || on <= accreditation.validUntil) &&
  accreditationStatusOn(accreditation, on) === "ACTIVE";

/** Why none of the covering accreditations was active on a date, one clause per accreditation. */
function whyInactive(covering: readonly AccreditationFacts[], on: IsoDate): string {
  return covering
    .map((a) => {
      if (a.validFrom > on || (a.validUntil !== null && on > a.validUntil)) {
        return `${a.scheme} ${a.number} is valid only from ${a.validFrom}${a.validUntil ? ` to ${a.validUntil}` : ""}`;
      }
      return `${a.scheme} ${a.number} was ${accreditationStatusOn(a, on) ?? "not yet granted"}`;
    })
    .join("; ");
}

/**
 * The issuer held, on the issue (measurement) date and on asOf, an ACTIVE accreditation of a scheme
 * its kind needs whose scope covers the certificate scheme or the measured quantity. The two dates may
 * be served by different accreditations (a renewal under a new number).
 */
export function accreditationCheck(subject: SubjectFacts, issuer: IssuerFacts | null, asOf: IsoDate): Reason {
  const fail = (message: string): Reason => ({ code: "ACCREDITATION", passed: false, message });
  if (!issuer) return fail(`The issuer ${subject.issuerId} is not a registered institution`);
  const schemes = REQUIRED_SCHEMES[issuer.kind] ?? [];
  const schemeText = schemes.join(" or ");
  const [covered, issued] =
    subject.kind === SubjectKind.CERTIFICATE ? [subject.scheme, subject.issuedOn] : [subject.quantity, subject.measuredOn];
  const ofScheme = issuer.accreditations.filter((a) => schemes.includes(a.scheme));
  if (!ofScheme.length) return fail(`The issuer ${issuer.id}, a ${KIND_LABEL[issuer.kind]}, holds no ${schemeText} accreditation`);
  const covering = ofScheme.filter((a) => a.scope.some((s) => normalise(s) === normalise(covered)));
  if (!covering.length) {
    return fail(`No ${schemeText} accreditation of ${issuer.id} has a scope covering "${covered}" (scopes: ${ofScheme.map((a) => a.scope.join(", ")).join("; ")})`);
  }
  const onIssue = covering.find((a) => isActiveOn(a, issued));
  const onAsOf = covering.find((a) => isActiveOn(a, asOf));
  if (onIssue && onAsOf) {
    const numbers = [...new Set([onIssue, onAsOf].map((a) => `${a.scheme} ${a.number}`))].join(" and ");
    return { code: "ACCREDITATION", passed: true, message: `${issuer.id} held an active accreditation (${numbers}) covering "${covered}" on ${issued} (issue date) and on ${asOf}` };
  }
  const problems: string[] = [];
  if (!onIssue) problems.push(`on ${issued} (issue date): ${whyInactive(covering, issued)}`);
  if (!onAsOf && asOf !== issued) problems.push(`on ${asOf}: ${whyInactive(covering, asOf)}`);
  return fail(`${issuer.id} held no active ${schemeText} accreditation covering "${covered}" ${problems.join("; and ")}`);
}
