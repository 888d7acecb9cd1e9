/** A PostgreSQL array literal for one `?::text[]` (or `::bigint[]`) parameter, however many values. */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
