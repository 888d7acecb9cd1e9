import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { pgArray } from "../../platform/database/sql";

const MOVES = rowset({ code: "text", group_key: "text" });

interface LinkRow {
  code: string;
  province: string | null;
  group_key: string;
  unified_key: string | null;
  declared_equivalents: string[];
}

/** Guards against a pathological data set; real groups are a handful of codes one or two links apart. */
const MAX_ROUNDS = 50;

/**
 * Recomputes the equivalence groups that the written codes touch. Two codes are one text when they
 * share a YRD unified key (the 310 block number and year) or when either declares the other in
 * `equivalentCodes`; a declaration naming a code not yet imported takes effect when that code arrives.
 * Groups are recomputed from the declarations (never merged blindly), so withdrawing a declaration
 * splits a group again. Returns the codes whose set of equivalents changed, with their province.
 */
export async function relinkEquivalents(tx: Em, writtenCodes: string[]): Promise<{ code: string; province: string | null }[]> {
  const collected = new Map<string, LinkRow>();
  let refs = writtenCodes;
  let declaring: string[] = [];
  let keys: string[] = [];
  let groups: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // One branch per relation, each joined to its keys (a hash join or an index, never a scan per key).
    const rows: LinkRow[] = await tx.execute(
      `select s.code, s.province, s.group_key, s.unified_key, s.declared_equivalents from standards.standard s join unnest(?::text[]) k(v) on s.code = k.v
       union select s.code, s.province, s.group_key, s.unified_key, s.declared_equivalents from standards.standard s where s.declared_equivalents && ?::text[]
       union select s.code, s.province, s.group_key, s.unified_key, s.declared_equivalents from standards.standard s join unnest(?::text[]) k(v) on s.unified_key = k.v
       union select s.code, s.province, s.group_key, s.unified_key, s.declared_equivalents from standards.standard s join unnest(?::text[]) k(v) on s.group_key = k.v`,
      [pgArray(refs), pgArray(declaring), pgArray(keys), pgArray(groups)],
    );
    const fresh = rows.filter((row) => !collected.has(row.code));
    if (!fresh.length) break;
    for (const row of fresh) collected.set(row.code, row);
    refs = [...new Set(fresh.flatMap((r) => r.declared_equivalents))];
    declaring = fresh.map((r) => r.code);
    keys = [...new Set(fresh.map((r) => r.unified_key).filter((k): k is string => k !== null))];
    groups = [...new Set(fresh.map((r) => r.group_key))];
  }

  const parent = new Map([...collected.keys()].map((code) => [code, code]));
  const find = (code: string): string => {
    let root = code;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(code, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller code is the root, so a group's key is its smallest code whatever the import order.
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const byUnifiedKey = new Map<string, string>();
  for (const row of collected.values()) {
    for (const other of row.declared_equivalents) if (collected.has(other)) union(row.code, other);
    if (row.unified_key) {
      const first = byUnifiedKey.get(row.unified_key);
      if (first) union(row.code, first);
      else byUnifiedKey.set(row.unified_key, row.code);
    }
  }

  const members = (keyOf: (row: LinkRow) => string) => {
    const map = new Map<string, string[]>();
    for (const row of collected.values()) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row.code]);
    return (row: LinkRow) => map.get(keyOf(row))!.slice().sort().join("\n");
  };
  const before = members((r) => r.group_key);
  const after = members((r) => find(r.code));
  const moves = [...collected.values()].filter((row) => find(row.code) !== row.group_key).map((row) => ({ code: row.code, group_key: find(row.code) }));
  if (moves.length) {
    await executeBound(tx,
      `update standards.standard s set group_key = r.group_key, updated_at = now() from ${MOVES.from("r")} where s.code = r.code`,
      MOVES.params(moves),
    );
  }
  // In code order: the events they become are then the same whatever order the rows were read in.
  return [...collected.values()].filter((row) => before(row) !== after(row)).map((row) => ({ code: row.code, province: row.province }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
