import { isIsoDate, type IsoDate } from "../dates";
import { ValidationError } from "../errors";

/**
 * A date that must be given. A missing one is REQUIRED (a file row has no GraphQL type to require it,
 * and "must be YYYY-MM-DD" told nothing of its absence); anything but YYYY-MM-DD is DATE_FORMAT, a list
 * or number included: PostgreSQL would read those its own way.
 */
export function requireDate(value: unknown, field: string): IsoDate {
  if (value === null || value === undefined || value === "") throw new ValidationError("REQUIRED", `${field} is missing: give a date as YYYY-MM-DD`, field);
  if (typeof value !== "string" || !isIsoDate(value)) throw new ValidationError("DATE_FORMAT", `${field} must be YYYY-MM-DD`, field);
  return value;
}

/** A date that may be left out: null, a missing field and "" (an empty CSV cell, or NDJSON's) are not given. */
export function optionalDate(value: unknown, field: string): IsoDate | null {
  return value === null || value === undefined || value === "" ? null : requireDate(value, field);
}
