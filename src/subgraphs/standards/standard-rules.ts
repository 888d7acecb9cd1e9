import type { Viewer } from "../../platform/auth/viewer";
import { ValidationError } from "../../platform/errors";
import { ProvinceCode } from "../../platform/province";
import { requireDate } from "../../platform/validation/date";
import { parseStandardCode, type StandardCode } from "../../platform/validation/standard-code";
import { requireList } from "../../platform/validation/list";
import { requireText } from "../../platform/validation/text";
import { StandardKind, StandardStatus } from "./standards.enums";
import { optionalEnumValue, requireEnumValue } from "../../platform/validation/enum-value";

export interface StandardImportRecord {
  code: string;
  title: string;
  kind: string;
  province?: string | null;
  status: string;
  publishedOn: string;
  effectiveOn: string;
  supersedesCodes?: string[] | null;
  equivalentCodes?: string[] | null;
}

/** A record after every per-row rule: the shape stored and compared for idempotency. */
export interface NormalisedStandard {
  code: string;
  title: string;
  kind: StandardKind;
  province: ProvinceCode | null;
  declaredStatus: StandardStatus;
  publishedOn: string;
  effectiveOn: string;
  supersedesCodes: string[];
  declaredEquivalents: string[];
  unifiedKey: string | null;
}

/** Which kinds a code's family allows: a DB code is LOCAL, or REGIONAL when it is a YRD unified number. */
function allowedKinds(parsed: StandardCode): StandardKind[] {
  switch (parsed.family) {
    case "NATIONAL":
      return [StandardKind.NATIONAL];
    case "GROUP":
      return [StandardKind.GROUP];
    case "INDUSTRY":
      return [StandardKind.INDUSTRY];
    case "LOCAL":
      return parsed.unifiedKey ? [StandardKind.LOCAL, StandardKind.REGIONAL] : [StandardKind.LOCAL];
  }
}

const codeList = (codes: string[] | null | undefined, field: string, own: string): string[] => {
  const parsed = requireList(codes ?? [], field).map((code, i) => parseStandardCode(code, `${field}[${i}]`).code);
  return [...new Set(parsed)].filter((code) => code !== own).sort();
};

export function normaliseStandard(record: StandardImportRecord): NormalisedStandard {
  const parsed = parseStandardCode(record.code, "code");
  const kind = requireEnumValue(record.kind, StandardKind, "kind");
  if (!allowedKinds(parsed).includes(kind)) {
    throw new ValidationError("KIND_MISMATCH", `${parsed.code} is a ${parsed.family.toLowerCase()} code and cannot be a ${kind} standard (allowed: ${allowedKinds(parsed).join(", ")})`, "kind");
  }
  // An empty cell of a CSV file means "not given", like null; a padded one is compared trimmed.
  const given = optionalEnumValue(record.province, ProvinceCode, "province");
  // Only a LOCAL standard belongs to a province (the contract's Standard.province): one given for any
  // other would be dropped unseen, so the row is refused instead.
  if (given !== null && kind !== StandardKind.LOCAL) {
    throw new ValidationError("PROVINCE_MISMATCH", `${parsed.code} is a ${kind} standard: only a LOCAL standard has a province (leave it out)`, "province");
  }
  if (parsed.province !== null && given !== null && given !== parsed.province) {
    throw new ValidationError("PROVINCE_MISMATCH", `${parsed.code} is a standard of ${parsed.province}, not ${given}`, "province");
  }
  const status = requireEnumValue(record.status, StandardStatus, "status");
  const publishedOn = requireDate(record.publishedOn, "publishedOn");
  const effectiveOn = requireDate(record.effectiveOn, "effectiveOn");
  if (effectiveOn < publishedOn) throw new ValidationError("DATE_ORDER", "effectiveOn must not be before publishedOn", "effectiveOn");
  // Held to being a list first: a spreadsheet cell of one code is text, and is NOT_A_LIST.
  if (requireList(record.supersedesCodes ?? [], "supersedesCodes").some((c) => parseStandardCode(c, "supersedesCodes").code === parsed.code)) {
    throw new ValidationError("SUPERSEDES_SELF", `${parsed.code} cannot supersede itself`, "supersedesCodes");
  }
  return {
    code: parsed.code,
    title: requireText(record.title, "title", 500),
    kind,
    // Only a LOCAL standard belongs to a province (the contract's Standard.province); a REGIONAL one is the whole delta's.
    province: kind === StandardKind.LOCAL ? parsed.province : null,
    declaredStatus: status,
    publishedOn,
    effectiveOn,
    supersedesCodes: codeList(record.supersedesCodes, "supersedesCodes", parsed.code),
    declaredEquivalents: codeList(record.equivalentCodes, "equivalentCodes", parsed.code),
    unifiedKey: parsed.unifiedKey,
  };
}

/**
 * A regulator imports the LOCAL standards of its own province, and may supersede only those; national,
 * industry, group and regional standards are the admin's.
 */
export function mayImport(viewer: Viewer, standard: NormalisedStandard): boolean {
  if (viewer.role === "admin") return true;
  if (viewer.role !== "regulator" || standard.kind !== StandardKind.LOCAL || standard.province !== viewer.province) return false;
  return standard.supersedesCodes.every((code) => parseStandardCode(code).province === viewer.province);
}

const COMPARED: (keyof NormalisedStandard)[] = ["title", "kind", "province", "declaredStatus", "publishedOn", "effectiveOn", "supersedesCodes", "declaredEquivalents"];

export const sameStandard = (a: NormalisedStandard, b: NormalisedStandard): boolean =>
  COMPARED.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
