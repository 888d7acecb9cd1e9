import { ValidationError } from "../errors";

/**
 * One of an enum's values. A missing one is REQUIRED and says what to give (a file row has no GraphQL
 * type to require it; `"undefined" is unknown` told nothing); any other value is ENUM_VALUE.
 */
export function requireEnumValue<T extends string>(value: unknown, values: Record<string, T>, field: string): T {
  const allowed = Object.values(values);
  if (value === null || value === undefined || value === "") {
    throw new ValidationError("REQUIRED", `${field} is missing: give one of ${allowed.join(", ")}`, field);
  }
  if (!allowed.includes(value as T)) throw new ValidationError("ENUM_VALUE", `${field} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`, field);
  return value as T;
}
