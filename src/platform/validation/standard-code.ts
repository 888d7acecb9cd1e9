import { ValidationError } from "../errors";
import type { ProvinceCode } from "../province";

export type StandardFamily = "NATIONAL" | "INDUSTRY" | "LOCAL" | "GROUP";

export interface StandardCode {
  /** Normalised, e.g. "GB/T 19001-2016", "DB31/T 310003-2021". */
  code: string;
  family: StandardFamily;
  /** The province a local code belongs to (its two digits). */
  province: ProvinceCode | null;
  /**
   * For a YRD unified standard (a six-digit local number 310xxx): what its equivalents share, the
   * number and year ("310003-2021"), marked "M " for a mandatory code (DB31 without /T: another text).
   */
  unifiedKey: string | null;
}

const LOCAL_PROVINCE: Record<string, ProvinceCode> = { "31": "SH" as ProvinceCode, "32": "JS" as ProvinceCode, "33": "ZJ" as ProvinceCode, "34": "AH" as ProvinceCode };

const NATIONAL = /^GB(?:\/[TZ])? \d+(?:\.\d+)*-\d{4}$/;
const LOCAL = /^DB(3[1-4])(\/T)? (\d+(?:\.\d+)?)-(\d{4})$/;
// The YRD unified block is six-digit numbers from 310000 (DB31/T 310003-2021, a part: 310003.1); 310
// or 3105 are any province's ordinary local numbers, and two provinces' 3105 are two unrelated texts.
const UNIFIED_NUMBER = /^310\d{3}(?:\.\d+)?$/;
const GROUP = /^T\/[A-Z][A-Z0-9]{1,15} \d+(?:\.\d+)?-\d{4}$/;
// Sector standards (JB/T, HG/T, QB/T, ...): two capital letters other than GB and DB.
const INDUSTRY = /^(?!GB|DB)[A-Z]{2}(?:\/[TZ])? \d+(?:\.\d+)*-\d{4}$/;

/**
 * NFKC folds full-width letters, digits and slashes to ASCII; every dash becomes "-", runs of spaces
 * one space, and a missing space between prefix and number is restored.
 */
export function normaliseStandardCode(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toUpperCase()
    .replace(/\s*\/\s*/g, "/")
    .replace(/\s*-\s*(\d{4})$/, "-$1")
    .replace(/^(DB\d{2}(?:\/T)?|(?!DB\d)[A-Z]+(?:\/[A-Z]+)?)(\d)/, "$1 $2");
}

/**
 * Codes parsed before, by the text given: the rows of a file name the same few hundred standards over
 * and over, and normalising one (NFKC and seven patterns) cost an import more than storing it. Only
 * valid codes are kept, frozen, as callers share them; cleared when full, as a bound, not an LRU.
 */
const parsedCodes = new Map<string, Readonly<StandardCode>>();
export const PARSED_CODES_KEPT = 4096;

export function parseStandardCode(raw: string, field = "code"): Readonly<StandardCode> {
  if (typeof raw !== "string") throw new ValidationError("STANDARD_CODE_FORMAT", `${JSON.stringify(raw)} is not a standard code`, field);
  const known = parsedCodes.get(raw);
  if (known) return known;
  const parsed = Object.freeze(parseNew(raw, field));
  if (parsedCodes.size >= PARSED_CODES_KEPT) parsedCodes.clear();
  parsedCodes.set(raw, parsed);
  return parsed;
}

function parseNew(raw: string, field: string): StandardCode {
  const code = normaliseStandardCode(raw);
  const local = LOCAL.exec(code);
  if (local) {
    const [, digits, recommended, number, year] = local;
    // The recommended (/T) key is the bare number and year, as stored since the first release.
    const unified = UNIFIED_NUMBER.test(number!) ? `${recommended ? "" : "M "}${number}-${year}` : null;
    return { code, family: "LOCAL", province: LOCAL_PROVINCE[digits!]!, unifiedKey: unified };
  }
  if (NATIONAL.test(code)) return { code, family: "NATIONAL", province: null, unifiedKey: null };
  if (GROUP.test(code)) return { code, family: "GROUP", province: null, unifiedKey: null };
  if (INDUSTRY.test(code)) return { code, family: "INDUSTRY", province: null, unifiedKey: null };
  throw new ValidationError("STANDARD_CODE_FORMAT", `"${raw}" is not a standard code (GB, GB/T, GB/Z, DB31-DB34, T/ORG or a sector code with number and year)`, field);
}
