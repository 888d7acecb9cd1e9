import type { Em } from "../../platform/database/orm";
import { pgArray } from "../../platform/database/sql";
import type { ProvinceCode } from "../../platform/province";
import { fromMetrologyId, toMetrologyId } from "./metrology-id";
import { executeRead } from "../../platform/database/replicas";

/** The metrology subgraph's read service for other subgraphs (recognition): plain records by public id. */
export interface MetrologyRecord {
  /** Public id, "M42". */
  id: string;
  number: string;
  kind: "CALIBRATION" | "VERIFICATION";
  /** The issuer's province. */
  province: ProvinceCode;
  ownerUscc: string;
  issuerId: string;
  quantity: string;
  procedure: string;
  measuredOn: string;
  validUntil: string | null;
  conclusion: "PASS" | "FAIL" | null;
  uncertainty: { value: number; unit: string; coverageFactor: number } | null;
}

interface ResultRow extends Omit<MetrologyRecord, "id" | "uncertainty"> {
  id: string;
  uncertaintyValue: number | null;
  uncertaintyUnit: string | null;
  coverageFactor: number | null;
}

export function metrologyReader(em: Em) {
  return {
    /** Keyed by the ids as given ("M42"); ids that are malformed or unknown are absent. */
    async results(ids: readonly string[]): Promise<Map<string, MetrologyRecord>> {
      const result = new Map<string, MetrologyRecord>();
      const dbIds = [...new Set(ids.map(fromMetrologyId).filter((id): id is string => id !== null))];
      if (!dbIds.length) return result;
      const rows = await executeRead<ResultRow>(em, 
        `select id::text as id, number, kind, province, owner_uscc as "ownerUscc", issuer_id as "issuerId", quantity, procedure,
                measured_on::text as "measuredOn", valid_until::text as "validUntil", conclusion,
                uncertainty_value as "uncertaintyValue", uncertainty_unit as "uncertaintyUnit", coverage_factor as "coverageFactor"
         from metrology.result where id = any(?::bigint[])`,
        [pgArray(dbIds)],
      );
      const byDbId = new Map<string, MetrologyRecord>();
      for (const { uncertaintyValue, uncertaintyUnit, coverageFactor, ...row } of rows) {
        const uncertainty =
          uncertaintyValue !== null && uncertaintyUnit !== null && coverageFactor !== null
            ? { value: Number(uncertaintyValue), unit: uncertaintyUnit, coverageFactor: Number(coverageFactor) }
            : null;
        byDbId.set(row.id, { ...row, id: toMetrologyId(row.id), uncertainty });
      }
      for (const id of ids) {
        const dbId = fromMetrologyId(id);
        const record = dbId === null ? undefined : byDbId.get(dbId);
        if (record) result.set(id, record);
      }
      return result;
    },
  };
}

export type MetrologyReader = ReturnType<typeof metrologyReader>;
