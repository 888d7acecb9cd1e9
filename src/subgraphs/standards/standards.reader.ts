import type { Em } from "../../platform/database/orm";
import { executeRead } from "../../platform/database/replicas";
import { pgArray } from "../../platform/database/sql";
import type { ProvinceCode } from "../../platform/province";
import { normaliseStandardCode } from "../../platform/validation/standard-code";

/**
 * The standards subgraph's read service for other subgraphs (recognition): plain records by code, so
 * that no other subgraph imports our entities. Dates are YYYY-MM-DD; a status on any date follows from
 * them (abolished, superseded, effective, else published).
 */
export interface StandardRecord {
  code: string;
  kind: "NATIONAL" | "INDUSTRY" | "LOCAL" | "REGIONAL" | "GROUP";
  /** LOCAL standards only. */
  province: ProvinceCode | null;
  publishedOn: string;
  effectiveOn: string;
  supersededOn: string | null;
  supersededBy: string | null;
  abolishedOn: string | null;
  /** Every other code of the same text (YRD unified standards, declared equivalents). */
  equivalentCodes: string[];
}

export function standardsReader(em: Em) {
  return {
    /** The titles of those of these (normalised) codes that are registered: one index lookup, for citations. */
    async titles(codes: readonly string[]): Promise<Map<string, string>> {
      if (!codes.length) return new Map();
      // On a replica when the request may read one: certificates show these titles on every read.
      const rows = await executeRead<{ code: string; title: string }>(em, `select code, title from standards.standard where code = any(?::text[])`, [pgArray([...new Set(codes)])]);
      return new Map(rows.map((row) => [row.code, row.title]));
    },

    /** Keyed by normalised code, and also by the code as given when that differs; unknown codes are absent. */
    async standards(codes: readonly string[]): Promise<Map<string, StandardRecord>> {
      const result = new Map<string, StandardRecord>();
      if (!codes.length) return result;
      const normalised = [...new Set(codes.map((c) => normaliseStandardCode(c)))];
      const rows = await executeRead<StandardRecord>(em, 
        `select s.code, s.kind, s.province, s.published_on::text as "publishedOn", s.effective_on::text as "effectiveOn",
                s.superseded_on::text as "supersededOn", s.superseded_by as "supersededBy", s.abolished_on::text as "abolishedOn",
                array(select e.code from standards.standard e where e.group_key = s.group_key and e.code <> s.code order by e.code) as "equivalentCodes"
         from standards.standard s where s.code = any(?::text[])`,
        [pgArray(normalised)],
      );
      const byCode = new Map(rows.map((row) => [row.code, row]));
      for (const code of codes) {
        const row = byCode.get(normaliseStandardCode(code));
        if (row) {
          result.set(row.code, row);
          result.set(code, row);
        }
      }
      return result;
    },
  };
}

export type StandardsReader = ReturnType<typeof standardsReader>;
