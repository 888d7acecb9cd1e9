import type { IsoDate } from "../../platform/dates";
import { StandardStatus } from "./standards.enums";

export interface StandardDates {
  effectiveOn: string;
  supersededOn: string | null;
  abolishedOn: string | null;
}

/** The status on a date follows from the dates alone, so any past or future date has an answer. */
export function standardStatusOn(standard: StandardDates, on: IsoDate): StandardStatus {
  if (standard.abolishedOn !== null && standard.abolishedOn <= on) return StandardStatus.ABOLISHED;
  if (standard.supersededOn !== null && standard.supersededOn <= on) return StandardStatus.SUPERSEDED;
  if (standard.effectiveOn <= on) return StandardStatus.EFFECTIVE;
  return StandardStatus.PUBLISHED;
}

/** The same rule as SQL over a row aliased `s`, for filters; `?` is the date. */
export const STATUS_SQL = `case when s.abolished_on <= ?::date then 'ABOLISHED'
  when s.superseded_on <= ?::date then 'SUPERSEDED'
  when s.effective_on <= ?::date then 'EFFECTIVE' else 'PUBLISHED' end`;
