import type { IsoDate } from "../../platform/dates";
import type { ProvinceCode } from "../../platform/province";
import { parseStandardCode } from "../../platform/validation/standard-code";
import type { Reason, StandardFacts } from "./recognition.facts";

/** The province of a local standard code (DB31..DB34), or null for any other code. */
function localProvince(code: string): ProvinceCode | null {
  try {
    return parseStandardCode(code).province;
  } catch {
    return null;
  }
}

/** What is wrong with one cited standard in the target province on the date, or null when nothing is. */
function problemOf(code: string, standard: StandardFacts | undefined, origin: ProvinceCode, target: ProvinceCode, asOf: IsoDate): string | null {
  if (!standard) return `${code} is not a known standard`;
  if (standard.abolishedOn !== null && standard.abolishedOn <= asOf) return `${code} was abolished on ${standard.abolishedOn}`;
  if (standard.supersededOn !== null && standard.supersededOn <= asOf) {
    return `${code} was superseded${standard.supersededBy ? ` by ${standard.supersededBy}` : ""} on ${standard.supersededOn}`;
  }
  if (standard.kind !== "LOCAL") return null;
  const province = standard.province ?? localProvince(code);
  if (province === target) return null;
  if (standard.equivalentCodes.some((equivalent) => localProvince(equivalent) === target)) return null;
  const whose = province === origin ? `of ${origin}, the issuing province,` : `of ${province ?? "another province"}`;
  return `${code} is a local standard ${whose} with no equivalent in ${target}`;
}

/**
 * STANDARDS, a soft check of certificates: every cited standard, on the date, is national, industry,
 * group or regional, or local of the target, or local elsewhere with an equivalent in the target. An
 * unknown, superseded or abolished standard, or a local one without such an equivalent, fails it.
 */
export function standardsCheck(
  codes: readonly string[],
  standards: ReadonlyMap<string, StandardFacts>,
  origin: ProvinceCode,
  target: ProvinceCode,
  asOf: IsoDate,
): Reason {
  if (!codes.length) return { code: "STANDARDS", passed: true, message: "The certificate cites no standards" };
  const problems = codes.flatMap((code) => problemOf(code, standards.get(code), origin, target, asOf) ?? []);
  if (problems.length) return { code: "STANDARDS", passed: false, message: `${problems.join("; ")} (as of ${asOf})` };
  const list = codes.join(", ");
  return { code: "STANDARDS", passed: true, message: `Every cited standard (${list}) is current on ${asOf} and applicable in ${target}` };
}
