import { ValidationError } from "../errors";

/** A required list (GraphQL `[T!]!`): a file row may carry anything there, so its shape is checked first. */
export function requireList<T>(value: readonly T[] | null | undefined, field: string): readonly T[] {
  if (value === null || value === undefined) throw new ValidationError("REQUIRED", `${field} is missing: give a list`, field);
  if (!Array.isArray(value)) throw new ValidationError("NOT_A_LIST", `${field} must be a list`, field);
  return value;
}
