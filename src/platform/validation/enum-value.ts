import { ValidationError } from "../errors";

/**
 * Provincial exports pad cells ("ACTIVE ", " PRODUCT"): the spaces are layout, not part of the value.
 * Only trimmed: a Chinese word (有效) or another case is a different value and stays refused. Anything
 * but text is passed on as it is, for the check to refuse.
 */
export const enumInput = <T>(value: T): T => (typeof value === "string" ? (value.trim() as T) : value);

/**
 * One of an enum's values. A missing one is REQUIRED and says what to give (a file row has no GraphQL
 * type to require it; `"undefined" is unknown` told nothing); any other value is ENUM_VALUE.
 */
export function requireEnumValue<T extends string>(value: unknown, values: Record<string, T>, field: string): T {
  const allowed = Object.values(values);
  const given = enumInput(value);
  if (given === null || given === undefined || given === "") {
    throw new ValidationError("REQUIRED", `${field} is missing: give one of ${allowed.join(", ")}`, field);
  }
  if (!allowed.includes(given as T)) throw new ValidationError("ENUM_VALUE", `${field} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`, field);
  return given as T;
}

/** An enum value that may be left out: null, a missing field and a blank cell are not given. */
export function optionalEnumValue<T extends string>(value: unknown, values: Record<string, T>, field: string): T | null {
  const given = enumInput(value);
  return given === null || given === undefined || given === "" ? null : requireEnumValue(given, values, field);
}
