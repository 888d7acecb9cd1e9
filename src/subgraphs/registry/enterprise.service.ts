import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { transaction } from "../../platform/database/transaction";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import { ImportOutcome, type ImportResult } from "../../platform/graphql/import-result.type";
import type { ProvinceCode } from "../../platform/province";
import { parseUscc } from "../../platform/validation/uscc";
import { requireText } from "../../platform/validation/text";

export interface EnterpriseRecord {
  uscc: string;
  name: string;
}

interface EnterpriseRow {
  uscc: string;
  name: string;
  division_code: string;
  province: ProvinceCode | null;
}

const ENTERPRISES = rowset({ uscc: "text", name: "text", division_code: "text", province: "text" });

/**
 * Idempotent upsert on the USCC: new or renamed enterprises are written and announced; a record
 * identical to what is stored changes nothing and emits nothing.
 */
export async function importEnterprises(em: Em, records: EnterpriseRecord[]): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  const rows: EnterpriseRow[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    try {
      const uscc = parseUscc(record.uscc, "uscc");
      const name = requireText(record.name, "name", 200);
      if (seen.has(uscc.code)) return outcome.reject(index, "DUPLICATE_IN_BATCH", `USCC ${uscc.code} appears earlier in this batch`, "uscc");
      seen.add(uscc.code);
      rows.push({ uscc: uscc.code, name, division_code: uscc.divisionCode, province: uscc.province });
    } catch (error) {
      outcome.rejectError(index, error);
    }
  });
  if (rows.length) {
    await transaction(em, async (tx) => {
      const changed = await executeBound<{ uscc: string; province: ProvinceCode | null }>(tx,
        `insert into registry.enterprise (uscc, name, division_code, province)
         select uscc, name, division_code, province from ${ENTERPRISES.from("r")}
         on conflict (uscc) do update set name = excluded.name, updated_at = now()
           where enterprise.name is distinct from excluded.name
         returning uscc, province`,
        ENTERPRISES.params(rows),
      );
      await appendChanges(tx, changed.map((row) => ({ kind: ChangeKind.ENTERPRISE_UPSERTED, province: row.province, subjectId: row.uscc })));
    });
  }
  return outcome.result(records.length);
}
