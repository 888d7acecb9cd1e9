import type { Viewer } from "../../platform/auth/viewer";
import { ValidationError } from "../../platform/errors";
import { optionalDate, requireDate } from "../../platform/validation/date";
import { optionalText, requireText } from "../../platform/validation/text";
import { parseUscc } from "../../platform/validation/uscc";
import { MetrologyKind, VerificationConclusion } from "./metrology.enums";
import { optionalEnumValue, requireEnumValue } from "../../platform/validation/enum-value";

export interface MetrologyImportRecord {
  number: string;
  kind: string;
  issuerId: string;
  ownerUscc: string;
  instrument: { name: string; model?: string | null; serialNumber: string; quantity: string };
  procedure: string;
  measuredOn: string;
  validUntil?: string | null;
  conclusion?: string | null;
  uncertainty?: { value: number; unit: string; coverageFactor: number } | null;
  traceability: string;
}

/** A result after every per-row rule, in the column names it is stored and compared under. */
export interface NormalisedResult {
  issuer_id: string;
  number: string;
  kind: MetrologyKind;
  owner_uscc: string;
  instrument_name: string;
  instrument_model: string | null;
  serial_number: string;
  quantity: string;
  procedure: string;
  measured_on: string;
  valid_until: string | null;
  conclusion: VerificationConclusion | null;
  uncertainty_value: number | null;
  uncertainty_unit: string | null;
  coverage_factor: number | null;
  traceability: string;
}

// JJG (verification regulations) and JJF (technical specifications), national or a province's own
// ("JJG(沪) 1-2010"), with number and year; a title may follow the code.
const PROCEDURE = /^JJ([GF])\s*(\([^()\s]{1,6}\))?\s*(\d+(?:\.\d+)*)\s*-\s*(\d{4})(?:\s+(\S.*))?$/;

/** "jjg52—2013  压力表" -> "JJG 52-2013 压力表": full-width forms folded, dashes unified, spacing fixed. */
export function normaliseProcedure(raw: string): string {
  const text = raw
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  const match = PROCEDURE.exec(text.replace(/^jj([gf])/i, (_, letter: string) => `JJ${letter.toUpperCase()}`));
  if (!match) throw new ValidationError("PROCEDURE_FORMAT", `"${raw}" is not a JJG or JJF code such as "JJG 52-2013" or "JJF 1059.1-2012"`, "procedure");
  const [, letter, local, number, year, title] = match;
  return `JJ${letter}${local ?? ""} ${number}-${year}${title ? ` ${title}` : ""}`;
}

const positive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;

function uncertaintyOf(record: MetrologyImportRecord, kind: MetrologyKind) {
  const u = record.uncertainty ?? null;
  if (u === null) {
    if (kind === MetrologyKind.CALIBRATION) throw new ValidationError("UNCERTAINTY_REQUIRED", "A calibration result states its uncertainty with a coverage factor", "uncertainty");
    return { uncertainty_value: null, uncertainty_unit: null, coverage_factor: null };
  }
  // A file row may carry text where GraphQL would have refused it as no Float: said as it is.
  const must = (value: unknown, what: string) => `${what} must be a positive number${typeof value === "number" ? "" : `, not ${JSON.stringify(value) ?? "missing"}`}`;
  if (!positive(u.value)) throw new ValidationError("UNCERTAINTY_REQUIRED", must(u.value, "The uncertainty value"), "uncertainty.value");
  if (!positive(u.coverageFactor)) throw new ValidationError("UNCERTAINTY_REQUIRED", must(u.coverageFactor, "The coverage factor"), "uncertainty.coverageFactor");
  return { uncertainty_value: u.value, uncertainty_unit: requireText(u.unit, "uncertainty.unit", 50), coverage_factor: u.coverageFactor };
}

export function normaliseResult(record: MetrologyImportRecord): NormalisedResult {
  const number = requireText(record.number, "number", 100);
  const kind = requireEnumValue(record.kind, MetrologyKind, "kind");
  const issuerId = requireText(record.issuerId, "issuerId", 64);
  const ownerUscc = parseUscc(record.ownerUscc, "ownerUscc").code;
  const measuredOn = requireDate(record.measuredOn, "measuredOn");
  const validUntil = optionalDate(record.validUntil, "validUntil");
  if (validUntil !== null && validUntil < measuredOn) throw new ValidationError("DATE_ORDER", "validUntil must not be before measuredOn", "validUntil");
  const procedure = normaliseProcedure(record.procedure ?? "");
  // Optional: a missing one (a blank cell too) is CONCLUSION_REQUIRED below only where the kind needs it.
  const conclusion = optionalEnumValue(record.conclusion, VerificationConclusion, "conclusion");
  if (kind === MetrologyKind.VERIFICATION && conclusion === null) {
    throw new ValidationError("CONCLUSION_REQUIRED", "A verification result concludes PASS or FAIL", "conclusion");
  }
  if (kind === MetrologyKind.CALIBRATION && conclusion !== null) {
    throw new ValidationError("CONCLUSION_NOT_ALLOWED", "A calibration result states an uncertainty, not a PASS/FAIL conclusion", "conclusion");
  }
  const instrument = record.instrument;
  return {
    issuer_id: issuerId,
    number,
    kind,
    owner_uscc: ownerUscc,
    instrument_name: requireText(instrument?.name, "instrument.name", 200),
    // A model designation, held like the serial number beside it.
    instrument_model: optionalText(instrument?.model, "instrument.model", 100),
    serial_number: requireText(instrument?.serialNumber, "instrument.serialNumber", 100),
    quantity: requireText(instrument?.quantity, "instrument.quantity", 50),
    procedure,
    measured_on: measuredOn,
    valid_until: validUntil,
    conclusion,
    ...uncertaintyOf(record, kind),
    traceability: requireText(record.traceability, "traceability", 1000),
  };
}

/** An issuer imports only the results it issued; the admin imports any. */
export const mayImport = (viewer: Viewer, row: NormalisedResult): boolean =>
  viewer.role === "admin" || (viewer.role === "issuer" && viewer.institutionId === row.issuer_id);

const COMPARED: (keyof NormalisedResult)[] = [
  "kind", "owner_uscc", "instrument_name", "instrument_model", "serial_number", "quantity", "procedure",
  "measured_on", "valid_until", "conclusion", "uncertainty_value", "uncertainty_unit", "coverage_factor", "traceability",
];

/** Stored doubles may come back as strings; they compare as numbers. */
export const sameResult = (stored: Record<string, unknown>, row: NormalisedResult): boolean =>
  COMPARED.every((k) => {
    const a = stored[k] ?? null;
    const b = row[k] ?? null;
    if (k === "uncertainty_value" || k === "coverage_factor") return (a === null ? null : Number(a)) === b;
    return a === b;
  });
