import type { RowChunks } from "./row-chunks";

/** 32-bit FNV-1a of a key's UTF-16 units: a small integer, which a Set holds without boxing. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Which rows of a file a later row of the same key replaces. */
export interface RepeatedKeys {
  /** Whether a row after `row` has `key`: then that later row is the file's word on it, not this one. */
  replacedLater(row: number, key: string): boolean;
}

/**
 * Reads a whole file once for the keys it repeats. A file is what the registry holds, so a key's last
 * row in it is what gets stored: importing the file again finds every key as stored and changes
 * nothing, where applying each row in turn would replay a key's earlier rows (a certificate ACTIVE,
 * then SUSPENDED further down) as changes, with history and events, on every re-import.
 *
 * Memory is a 32-bit hash per row (a Set of small integers, about 20 bytes a row), and the exact key
 * only of a row whose hash was seen before: a repeated key, or now and then another key with the same
 * hash. A row's own key is then looked up exactly, so a collision never replaces a row.
 */
export async function scanRepeatedKeys(chunks: RowChunks, keyOf: (record: unknown) => string | null): Promise<RepeatedKeys> {
  const seen = new Set<number>();
  /** Keys met again (or whose hash was), with the last row that has each. */
  const lastRow = new Map<string, number>();
  for await (const rows of chunks) {
    for (const row of rows) {
      if (row.record === undefined) continue;
      const key = keyOf(row.record);
      if (key === null) continue;
      const h = hash32(key);
      if (seen.has(h)) lastRow.set(key, row.row);
      else seen.add(h);
    }
  }
  return { replacedLater: (row, key) => (lastRow.get(key) ?? 0) > row };
}
