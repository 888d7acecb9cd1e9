import type { Viewer } from "../platform/auth/viewer";
import type { Em } from "../platform/database/orm";
import { transaction } from "../platform/database/transaction";
import type { ImportResult } from "../platform/graphql/import-result.type";
import type { ImportKind } from "./kinds";

/** Errors that belong to one malformed row (a wrong type in a field, a value the database refuses), not to the run. */
function isRowFault(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^2[23]/.test(code); // SQLSTATE classes 22 (data) and 23 (constraint)
}

/** What a row fault says: PostgreSQL's own words for a refused value, without the statement knex prefixes. */
function faultMessage(error: unknown): string {
  const message = (error as Error).message;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return `A value has the wrong type: ${message}`;
  const cut = message.lastIndexOf(" - ");
  return `PostgreSQL refused the row: ${cut === -1 ? message : message.slice(cut + 3)}`;
}

/**
 * Sends a batch through the kind's service. A row of the wrong shape (a number where text belongs)
 * makes a service throw rather than reject; then the batch is split in halves, each in its own
 * savepoint, down to the faulty rows, which alone are refused (INVALID_RECORD): a bad row or two per
 * thousand costs some twenty service calls, not a thousand.
 */
export async function importRows(tx: Em, kind: ImportKind, records: unknown[], viewer: Viewer, offset = 0): Promise<ImportResult> {
  try {
    const result = await transaction(tx, (inner) => kind.importBatch(inner, records, viewer));
    return { accepted: result.accepted, rejected: result.rejected.map((r) => ({ ...r, index: r.index + offset })) };
  } catch (error) {
    if (!isRowFault(error)) throw error;
    if (records.length === 1) return { accepted: 0, rejected: [{ index: offset, code: "INVALID_RECORD", field: null, message: faultMessage(error) }] };
  }
  const half = Math.ceil(records.length / 2);
  const left = await importRows(tx, kind, records.slice(0, half), viewer, offset);
  const right = await importRows(tx, kind, records.slice(half), viewer, offset + half);
  return { accepted: left.accepted + right.accepted, rejected: [...left.rejected, ...right.rejected] };
}

