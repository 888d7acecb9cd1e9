import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { pgArray } from "../../platform/database/sql";
import type { IsoDate } from "../../platform/dates";

const UPDATES = rowset({ code: "text", superseded_by: "text", superseded_on: "date" });

interface SupersessionRow {
  code: string;
  province: string | null;
  declared_status: string;
  superseded_by: string | null;
  superseded_on: string | null;
  by_code: string | null;
  by_on: string | null;
}

export interface SupersessionChanges {
  /** Codes that became superseded (or whose successor or date changed). */
  superseded: { code: string; province: string | null }[];
  /** Codes no longer superseded (a declaration was withdrawn). */
  cleared: { code: string; province: string | null }[];
}

/** A row of `rows` that would close a supersession cycle, and the listed code that leads back to it. */
export interface SupersessionCycle {
  code: string;
  through: string;
}

/**
 * The rows that would make a standard supersede itself through others (A supersedes B, B supersedes
 * A: neither would ever be effective). Rows are taken in order, as an import applies them: a row is
 * judged against what is stored and the rows before it that were not refused, and a refused row leaves
 * its stored declaration as it was. SUPERSEDES_SELF (a row listing its own code) is the rules' check.
 */
export async function findSupersessionCycles(tx: Em, rows: readonly { code: string; supersedesCodes: readonly string[] }[]): Promise<SupersessionCycle[]> {
  const listed = [...new Set(rows.flatMap((r) => r.supersedesCodes))];
  if (!listed.length) return [];
  // Every stored declaration reachable downwards from the listed codes: the chains a row could close.
  const stored: { code: string; supersedes_codes: string[] }[] = await tx.execute(
    `with recursive walk(code) as (
       select unnest(?::text[])
       union
       select x.code from walk w join standards.standard s on s.code = w.code cross join lateral unnest(s.supersedes_codes) as x(code)
     )
     select s.code, s.supersedes_codes from walk w join standards.standard s on s.code = w.code`,
    [pgArray(listed)],
  );
  const supersedes = new Map<string, readonly string[]>(stored.map((s) => [s.code, s.supersedes_codes]));
  const leadsBack = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const code = stack.pop()!;
      if (code === target) return true;
      if (seen.has(code)) continue;
      seen.add(code);
      stack.push(...(supersedes.get(code) ?? []));
    }
    return false;
  };
  const cycles: SupersessionCycle[] = [];
  for (const row of rows) {
    const through = row.supersedesCodes.find((code) => leadsBack(code, row.code));
    if (through !== undefined) cycles.push({ code: row.code, through });
    else supersedes.set(row.code, row.supersedesCodes);
  }
  return cycles;
}

/**
 * Derives who supersedes each of `codes` and from when. A code is superseded by the standard that
 * lists it in `supersedesCodes`, from that standard's effective date (the earliest such standard when
 * several do); a code listed before it was imported is marked when it arrives. A standard imported as
 * SUPERSEDED that no known standard replaces is superseded from the day that was first recorded.
 */
export async function resolveSupersession(tx: Em, codes: string[], today: IsoDate): Promise<SupersessionChanges> {
  const changes: SupersessionChanges = { superseded: [], cleared: [] };
  if (!codes.length) return changes;
  const rows: SupersessionRow[] = await tx.execute(
    `with keys as (select distinct unnest(?::text[]) as code),
     successor as (
       select distinct on (x.code) x.code, n.code as by_code, n.effective_on as by_on
       from standards.standard n cross join lateral unnest(n.supersedes_codes) as x(code)
       join keys k on k.code = x.code
       where cardinality(n.supersedes_codes) > 0
       order by x.code, n.effective_on, n.code
     )
     select o.code, o.province, o.declared_status, o.superseded_by, o.superseded_on::text as superseded_on,
            s.by_code, s.by_on::text as by_on
     from keys k join standards.standard o on o.code = k.code left join successor s on s.code = o.code
     order by o.code`,
    [pgArray([...new Set(codes)])],
  );
  const updates: { code: string; superseded_by: string | null; superseded_on: string | null }[] = [];
  for (const row of rows) {
    let by: string | null = null;
    let on: string | null = null;
    if (row.by_code !== null) {
      by = row.by_code;
      on = row.by_on;
    } else if (row.declared_status === "SUPERSEDED") {
      // Keep the first recorded date, so that re-importing the same record on a later day changes nothing.
      on = row.superseded_by === null && row.superseded_on !== null ? row.superseded_on : today;
    }
    if (by === row.superseded_by && on === row.superseded_on) continue;
    updates.push({ code: row.code, superseded_by: by, superseded_on: on });
    (on === null ? changes.cleared : changes.superseded).push({ code: row.code, province: row.province });
  }
  if (updates.length) {
    await executeBound(tx,
      `update standards.standard s set superseded_by = r.superseded_by, superseded_on = r.superseded_on, updated_at = now()
       from ${UPDATES.from("r")} where s.code = r.code`,
      UPDATES.params(updates),
    );
  }
  return changes;
}
