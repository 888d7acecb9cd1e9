import type { IsoDate } from "../../platform/dates";
import type { ProvinceCode } from "../../platform/province";
import type { RecognitionOutcome, SubjectKind } from "./recognition.enums";

/**
 * What the rule engine decides on: plain facts, gathered in batches from the owning subgraphs' read
 * services. Nothing here touches a database, so every rule is testable as a table of cases.
 */
export interface AgreementFacts {
  id: string;
  title: string;
  parties: ProvinceCode[];
  subjectKinds: SubjectKind[];
  effectiveFrom: IsoDate;
  /** Inclusive; null: open-ended. */
  effectiveUntil: IsoDate | null;
}

export interface CertificateFacts {
  kind: SubjectKind.CERTIFICATE;
  id: string;
  province: ProvinceCode;
  issuerId: string;
  scheme: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  standardCodes: string[];
  /** Stored statuses in the order they were recorded, each with the China Standard Time day it took effect. */
  history: { status: string; on: IsoDate }[];
}

export interface MetrologyFacts {
  kind: SubjectKind.METROLOGY_RESULT;
  id: string;
  province: ProvinceCode;
  issuerId: string;
  metrologyKind: "CALIBRATION" | "VERIFICATION";
  quantity: string;
  measuredOn: IsoDate;
  validUntil: IsoDate | null;
  conclusion: "PASS" | "FAIL" | null;
  uncertainty: { value: number; unit: string; coverageFactor: number } | null;
}

export type SubjectFacts = CertificateFacts | MetrologyFacts;

export interface AccreditationFacts {
  scheme: string;
  number: string;
  scope: string[];
  status: string;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  /** Status changes in date order, the first at validFrom. */
  history: { status: string; effectiveOn: IsoDate }[];
}

/** The issuing institution; null when it is not registered. */
export interface IssuerFacts {
  id: string;
  kind: "CERTIFICATION_BODY" | "TESTING_LAB" | "METROLOGY_INSTITUTE";
  accreditations: AccreditationFacts[];
}

export interface StandardFacts {
  code: string;
  kind: "NATIONAL" | "INDUSTRY" | "LOCAL" | "REGIONAL" | "GROUP";
  province: ProvinceCode | null;
  supersededOn: IsoDate | null;
  supersededBy: string | null;
  abolishedOn: IsoDate | null;
  equivalentCodes: string[];
}

export interface Reason {
  code: string;
  passed: boolean;
  message: string;
}

export interface Evaluation {
  outcome: RecognitionOutcome;
  reasons: Reason[];
  agreement: AgreementFacts | null;
}
