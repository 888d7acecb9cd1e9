import type { Viewer } from "../../platform/auth/viewer";
import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { pgArray } from "../../platform/database/sql";
import { transaction } from "../../platform/database/transaction";
import { today } from "../../platform/dates";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges, type ChangeEventInput } from "../../platform/feed/outbox";
import { ImportOutcome, type ImportResult } from "../../platform/graphql/import-result.type";
import type { ProvinceCode } from "../../platform/province";
import { mayImport, normaliseStandard, sameStandard, type NormalisedStandard, type StandardImportRecord } from "./standard-rules";
import { relinkEquivalents } from "./standard-equivalence";
import { findSupersessionCycles, resolveSupersession } from "./standard-supersession";

const STANDARDS = rowset({
  code: "text", title: "text", kind: "text", province: "text", declared_status: "text", published_on: "date", effective_on: "date",
  supersedes_codes: "text[]", declared_equivalents: "text[]", unified_key: "text",
});

/** Serialises standards imports: equivalence groups and supersession span rows of different batches. */
const STANDARDS_LOCK = 7261400;

async function loadStored(tx: Em, codes: string[]): Promise<Map<string, NormalisedStandard>> {
  const rows: NormalisedStandard[] = await tx.execute(
    `select code, title, kind, province, declared_status as "declaredStatus", published_on::text as "publishedOn",
            effective_on::text as "effectiveOn", supersedes_codes as "supersedesCodes", declared_equivalents as "declaredEquivalents",
            unified_key as "unifiedKey"
     from standards.standard s join unnest(?::text[]) k(v) on s.code = k.v for update of s`,
    [pgArray(codes)],
  );
  return new Map(rows.map((row) => [row.code, row]));
}

/**
 * Idempotent upsert on the normalised code. Rows identical to what is stored write and emit nothing.
 * A written row announces STANDARD_UPSERTED; each standard it supersedes, STANDARD_SUPERSEDED; each
 * existing standard that gains or loses an equivalent, STANDARD_UPSERTED.
 */
export async function importStandards(em: Em, records: StandardImportRecord[], viewer: Viewer): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  const candidates: NormalisedStandard[] = [];
  const indexOf = new Map<string, number>();
  const seen = new Set<string>();
  records.forEach((record, index) => {
    try {
      const row = normaliseStandard(record);
      if (seen.has(row.code)) return outcome.reject(index, "DUPLICATE_IN_BATCH", `Standard ${row.code} appears earlier in this batch`, "code");
      seen.add(row.code);
      if (!mayImport(viewer, row)) {
        return outcome.reject(index, "FORBIDDEN", "A regulator may import, and supersede, only the LOCAL standards of its own province", "kind");
      }
      candidates.push(row);
      indexOf.set(row.code, index);
    } catch (error) {
      outcome.rejectError(index, error);
    }
  });
  if (!candidates.length) return outcome.result(records.length);

  await transaction(em, async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(${STANDARDS_LOCK})`);
    const cycles = await findSupersessionCycles(tx, candidates);
    for (const { code, through } of cycles) {
      outcome.reject(indexOf.get(code)!, "SUPERSESSION_CYCLE", `${code} cannot supersede ${through}: ${through} already supersedes ${code}, directly or through others`, "supersedesCodes");
    }
    const refused = new Set(cycles.map((c) => c.code));
    const stored = await loadStored(tx, candidates.map((c) => c.code));
    const writes = candidates.filter((row) => {
      if (refused.has(row.code)) return false;
      const before = stored.get(row.code);
      return !before || !sameStandard(before, row);
    });
    if (!writes.length) return;
    const on = today();
    await executeBound(tx,
      `insert into standards.standard (code, title, kind, province, declared_status, published_on, effective_on,
         supersedes_codes, declared_equivalents, unified_key, group_key, abolished_on)
       select r.code, r.title, r.kind, r.province, r.declared_status, r.published_on, r.effective_on, r.supersedes_codes, r.declared_equivalents,
              r.unified_key, r.code, case when r.declared_status = 'ABOLISHED' then ?::date end
       from ${STANDARDS.from("r")}
       on conflict (code) do update set
         title = excluded.title, kind = excluded.kind, province = excluded.province, declared_status = excluded.declared_status,
         published_on = excluded.published_on, effective_on = excluded.effective_on, supersedes_codes = excluded.supersedes_codes,
         declared_equivalents = excluded.declared_equivalents, unified_key = excluded.unified_key,
         -- Abolished from the day that was first recorded: the input carries no abolition date.
         abolished_on = case when excluded.declared_status = 'ABOLISHED' then coalesce(standard.abolished_on, excluded.abolished_on) end,
         updated_at = now()`,
      [
        on,
        ...STANDARDS.params(writes.map((w) => ({
          code: w.code, title: w.title, kind: w.kind, province: w.province, declared_status: w.declaredStatus, published_on: w.publishedOn,
          effective_on: w.effectiveOn, supersedes_codes: w.supersedesCodes, declared_equivalents: w.declaredEquivalents, unified_key: w.unifiedKey,
        }))),
      ],
    );

    const writtenCodes = writes.map((w) => w.code);
    const relinked = await relinkEquivalents(tx, writtenCodes);
    const supersessionScope = [
      ...writtenCodes,
      ...writes.flatMap((w) => w.supersedesCodes),
      // A re-import that no longer lists a code releases it.
      ...writes.flatMap((w) => stored.get(w.code)?.supersedesCodes ?? []),
    ];
    const supersession = await resolveSupersession(tx, supersessionScope, on);

    const upserted = new Map<string, string | null>(writes.map((w) => [w.code, w.province]));
    for (const { code, province } of [...relinked, ...supersession.cleared]) if (!upserted.has(code)) upserted.set(code, province);
    const events: ChangeEventInput[] = [
      ...[...upserted].map(([code, province]) => ({ kind: ChangeKind.STANDARD_UPSERTED, province: province as ProvinceCode | null, subjectId: code })),
      ...supersession.superseded.map(({ code, province }) => ({ kind: ChangeKind.STANDARD_SUPERSEDED, province: province as ProvinceCode | null, subjectId: code })),
    ];
    await appendChanges(tx, events);
  });
  return outcome.result(records.length);
}
