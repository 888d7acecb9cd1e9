/** One element of an array literal: quoted, so that commas, braces, spaces and the word NULL stay text. */
const element = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * The array literal of these values, null (or undefined) as NULL. JSON.stringify writes it, natively:
 * inside a string it escapes `"` and `\` as an array literal does, and writes null bare, which an
 * array literal reads as NULL. A value JSON would escape otherwise (a control character, a lone
 * surrogate) sends the list through the element-by-element path instead, which quotes it as it is.
 * Numbers are written as JSON writes them: give finite ones, or text.
 */
export function arrayLiteral(values: readonly (string | number | boolean | null | undefined)[]): string {
  const json = JSON.stringify(values);
  if (!/\\[^"\\]/.test(json)) return `{${json.slice(1, -1)}}`;
  return `{${values.map((value) => (value === null || value === undefined ? "NULL" : element(String(value)))).join(",")}}`;
}

/** A PostgreSQL array literal for one `?::text[]` (or `::bigint[]`) parameter, however many values. */
export function pgArray(values: readonly (string | number)[]): string {
  return arrayLiteral(values.map(String));
}
