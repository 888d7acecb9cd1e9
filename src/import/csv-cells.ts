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
 * How a column's cells are read: as text (most fields), as a plain decimal (a number field), or as JSON
 * (a list, or an object not dotted into columns). Only the kind's fields tell which: reading every
 * cell that starts with "[" or "{" as JSON would refuse a scope such as "[出口]家用电器".
 */
export type CellType = "text" | "number" | "json";

/** A column's CellType, from its name. */
export type CellTypes = (column: string) => CellType;

export const ALL_TEXT: CellTypes = () => "text";

/**
 * The CSV form of an import record, shared by the reader and the generator so that both agree:
 * a nested field is a dotted column ("instrument.name"), a list or an object that is not flattened
 * is a JSON cell (["GB/T 19001-2016"]), and an empty cell is an absent field. Throws for a cell it
 * cannot read (the reader refuses the row as PARSE_ERROR with the message). A JSON column's cell
 * that is not a list or an object ("GB/T 19001-2016") stays text, for the service to refuse as such
 * (NOT_A_LIST), as it refuses that value from NDJSON.
 */
export function fromCsvCells(cells: Record<string, string>, cellType: CellTypes = ALL_TEXT): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (cell === "" || cell === undefined) continue;
    let value: unknown = cell;
    const type = cellType(column);
    const start = type === "json" ? cell.trimStart()[0] : undefined; // " [...]": a space typed before the list
    if (start === "[" || start === "{") value = jsonCell(column, cell);
    else if (type === "number") value = numberCell(column, cell);
    const path = column.split(".");
    let target = record;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]!] = value;
  }
  return record;
}

function jsonCell(column: string, cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch (error) {
    throw new Error(`${column}: ${(error as Error).message}`);
  }
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

/**
 * One CSV line (RFC 4180 quoting) of the given columns; lists and objects are written as JSON, text
 * as it is (fromCsvCells reads it back as text, whatever it starts with).
 */
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
