import { requireText } from "../validation/text";

/** How often a row may be found inserted by another transaction before the batch gives up. */
export const MAX_UPSERT_ROUNDS = 3;

/**
 * Runs an import's write `round` over `rows`, then over the rows that round reports as raced, until
 * none is left.
 *
 * A round locks the stored rows it compares against (select ... for update), but a row that did not
 * exist yet cannot be locked: another transaction (a second import of an overlapping file, a mutation)
 * may insert and commit it between the look and the write. The round's upsert therefore updates only
 * rows it locked and leaves such a conflict alone; the row comes back as raced, and the next round
 * locks the now committed row and compares against it, so status rules hold and an unchanged row still
 * writes and emits nothing. A row deleted again meanwhile races once more; after MAX_UPSERT_ROUNDS the
 * batch fails rather than loop.
 */
export async function upsertInRounds<Row>(rows: readonly Row[], round: (rows: readonly Row[]) => Promise<readonly Row[]>): Promise<void> {
  let pending = rows;
  for (let n = 1; pending.length; n++) {
    if (n > MAX_UPSERT_ROUNDS) throw new Error(`${pending.length} rows kept being written by other transactions at the same time; import them again`);
    pending = await round(pending);
  }
}

/** The natural key of a certificate or metrology result row: its issuer and its number. */
export const issuedKey = (row: { issuer_id: string; number: string }): string => `${row.issuer_id}\u0000${row.number}`;

/**
 * The key an import record of a certificate or metrology result is stored under, normalised as their
 * services normalise it, or null for a record without a valid one (which they refuse). The import
 * pipeline never has two batches that share a key in flight at once.
 */
export function issuedRecordKey(record: unknown): string | null {
  try {
    const { issuerId, number } = record as { issuerId: string; number: string };
    return issuedKey({ issuer_id: requireText(issuerId, "issuerId", 64), number: requireText(number, "number", 100) });
  } catch {
    return null;
  }
}

/**
 * Rows in the one order every transaction writes them in. Two imports inserting overlapping new keys
 * each wait, at the insert, for a key the other wrote first: in different orders they would deadlock,
 * and one batch fail. (The stored rows are locked in id order, for the same reason.)
 */
export function inLockOrder<Row extends { issuer_id: string; number: string }>(rows: readonly Row[]): Row[] {
  // Each row's key built once: a comparator building both keys built some 40,000 strings a batch.
  const keyed = rows.map((row) => ({ key: issuedKey(row), row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}
