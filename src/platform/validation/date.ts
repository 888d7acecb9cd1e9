import { isIsoDate, type IsoDate } from "../dates";
import { ValidationError } from "../errors";
import { foldFullWidth } from "./full-width";

/**
 * Full-width digits and dashes (２０２４－０１－１０, typed with a Chinese input method) read as ASCII, and
 * padding is dropped. Every other way of writing a date (2024年01月10日, 2024/1/10, an Excel serial
 * number) stays refused: guessing its order or epoch could store a wrong date that looks right.
 */
const dateInput = (value: unknown): unknown => (typeof value === "string" ? foldFullWidth(value).trim() : value);

const notGiven = (value: unknown): boolean => value === null || value === undefined || value === "";

/**
 * A date that must be given. A missing one is REQUIRED (a file row has no GraphQL type to require it,
 * and "must be YYYY-MM-DD" told nothing of its absence); anything but YYYY-MM-DD is DATE_FORMAT, a list
 * or number included: PostgreSQL would read those its own way.
 */
export function requireDate(value: unknown, field: string): IsoDate {
  const given = dateInput(value);
  if (notGiven(given)) throw new ValidationError("REQUIRED", `${field} is missing: give a date as YYYY-MM-DD`, field);
  if (typeof given !== "string" || !isIsoDate(given)) {
    throw new ValidationError("DATE_FORMAT", `${field} ${JSON.stringify(value) ?? String(value)} is not a date written YYYY-MM-DD, such as 2024-01-10`, field);
  }
  return given;
}

/** A date that may be left out: null, a missing field and blank text (an empty CSV cell, or NDJSON's) are not given. */
export function optionalDate(value: unknown, field: string): IsoDate | null {
  return notGiven(dateInput(value)) ? null : requireDate(value, field);
}
