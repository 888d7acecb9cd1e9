import { ValidationError } from "../errors";

/** Trimmed, non-empty text of bounded length: what every name, number and title must be. */
export function requireText(value: string | null | undefined, field: string, maxLength = 500): string {
  const text = (value ?? "").trim();
  if (!text) throw new ValidationError("REQUIRED", `${field} must not be empty`, field);
  if (text.length > maxLength) throw new ValidationError("TOO_LONG", `${field} may have at most ${maxLength} characters`, field);
  return text;
}
