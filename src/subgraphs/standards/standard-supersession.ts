import type { Em } from "../../platform/database/orm";
import { pgArray } from "../../platform/database/sql";
import type { IsoDate } from "../../platform/dates";

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
     from keys k join standards.standard o on o.code = k.code left join successor s on s.code = o.code`,
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
    await tx.execute(
      `update standards.standard s set superseded_by = r.superseded_by, superseded_on = r.superseded_on, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as r(code text, superseded_by text, superseded_on date) where s.code = r.code`,
      [JSON.stringify(updates)],
    );
  }
  return changes;
}
