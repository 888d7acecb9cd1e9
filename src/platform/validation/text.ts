import { ValidationError } from "../errors";

/** NUL, which PostgreSQL text cannot hold, and a UTF-16 surrogate without its pair, which no encoding can. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Code points; .length counts UTF-16 units. */
const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** Trimmed, non-empty text of bounded length: what every name, number and title must be. */
export function requireText(value: string | null | undefined, field: string, maxLength = 500): string {
  // A file row is untyped JSON: a number or a list where text belongs is refused, not converted.
  if (value !== null && value !== undefined && typeof value !== "string") throw new ValidationError("INVALID_TEXT", `${field} must be text`, field);
  const text = (value ?? "").trim();
  if (!text) throw new ValidationError("REQUIRED", `${field} must not be empty`, field);
  // Characters as a reader counts them: a CJK Extension B character or an emoji is two UTF-16 units.
  if (text.length > maxLength && characterCount(text) > maxLength) throw new ValidationError("TOO_LONG", `${field} may have at most ${maxLength} characters`, field);
  if (UNSTORABLE.test(text)) throw new ValidationError("INVALID_TEXT", `${field} contains a NUL character or a broken UTF-16 surrogate`, field);
  return text;
}

/** Text that may be left out: null, a missing field and blank text are not given; anything else is held to requireText. */
export function optionalText(value: string | null | undefined, field: string, maxLength = 500): string | null {
  if (value === null || value === undefined || (typeof value === "string" && !value.trim())) return null;
  return requireText(value, field, maxLength);
}
