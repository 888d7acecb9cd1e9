/** A plain decimal number: 2, -0.5, .5, 1e-3, 1.5E+2; not 0x10, 0b11, 1,5, NaN or Infinity. */
const DECIMAL = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number cell's value. Number() alone would read "0x10" as 16, " " as 0 and "1,5" as NaN, which the
 * service then takes for a missing value, so only a plain decimal is a number and anything else
 * refuses the row with the cell as written. NFKC first: a Chinese input method types full-width
 * digits ("２．５") that are the same number.
 */
function numberCell(column: string, cell: string): number {
  const text = cell.normalize("NFKC").trim();
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new Error(`${column}: ${JSON.stringify(cell)} is not a number`);
  return value;
}

/**
 * The CSV form of an import record, shared by the reader and the generator so that both agree:
 * a nested field is a dotted column ("instrument.name"), a list or an object that is not flattened
 * is a JSON cell (["GB/T 19001-2016"]), and an empty cell is an absent field. Throws for a cell it
 * cannot read (the reader refuses the row as PARSE_ERROR with the message).
 */
export function fromCsvCells(cells: Record<string, string>, numericFields: readonly string[] = []): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (cell === "" || cell === undefined) continue;
    let value: unknown = cell;
    const first = cell[0];
    if (first === "[" || first === "{") value = JSON.parse(cell);
    else if (numericFields.includes(column)) value = numberCell(column, cell);
    const path = column.split(".");
    let target = record;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]!] = value;
  }
  return record;
}

/** Flattens one record to cells: objects become dotted columns, lists and scalars stay whole. */
export function toCsvCells(record: Record<string, unknown>, prefix = "", cells: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const column = prefix + key;
    if (value === null || value === undefined) continue; // an empty cell, under a column the writer names up front
    if (value !== null && typeof value === "object" && !Array.isArray(value)) toCsvCells(value as Record<string, unknown>, `${column}.`, cells);
    else cells[column] = value;
  }
  return cells;
}

/** One CSV line (RFC 4180 quoting) of the given columns; lists are written as JSON. */
export function csvLine(columns: readonly string[], cells: Record<string, unknown>): string {
  return columns
    .map((column) => {
      const value = cells[column];
      if (value === undefined || value === null) return "";
      const text = typeof value === "object" ? JSON.stringify(value) : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",");
}
