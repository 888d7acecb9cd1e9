import type { Viewer } from "../../platform/auth/viewer";
import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { pgArray } from "../../platform/database/sql";
import { rowset } from "../../platform/database/rowset";
import { transaction } from "../../platform/database/transaction";
import { inLockOrder, issuedKey, upsertInRounds } from "../../platform/database/upsert-rounds";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import { ImportOutcome, type ImportResult } from "../../platform/graphql/import-result.type";
import { intakeRecords } from "../../platform/graphql/import-intake";
import type { ProvinceCode } from "../../platform/province";
import { registryReader } from "../registry/registry.reader";
import { toMetrologyId } from "./metrology-id";
import { mayImport, normaliseResult, sameResult, type MetrologyImportRecord, type NormalisedResult } from "./metrology-rules";

const ISSUER_KINDS = ["METROLOGY_INSTITUTE", "TESTING_LAB"] as const;


/** A result to write, with its place in the batch. */
type CandidateResult = NormalisedResult & { province: ProvinceCode; index: number };
type WrittenResult = { index: number; id: string; province: ProvinceCode };

const KEYS = rowset({ issuer_id: "text", number: "text" });
/** The columns of the rows the upsert writes; CandidateResult has every one of them. */
const STORED = rowset({
  issuer_id: "text", number: "text", kind: "text", province: "text", owner_uscc: "text", instrument_name: "text", instrument_model: "text",
  serial_number: "text", quantity: "text", procedure: "text", measured_on: "date", valid_until: "date", conclusion: "text",
  uncertainty_value: "double precision", uncertainty_unit: "text", coverage_factor: "double precision", traceability: "text",
});

/** The stored results of these keys, locked until the transaction ends, in id order (see inLockOrder). */
function lockStored(tx: Em, rows: readonly CandidateResult[]) {
  return executeBound<Record<string, unknown> & { id: string; issuer_id: string; number: string; province: string }>(tx,
    `select r.id::text as id, r.issuer_id, r.number, r.kind, r.province, r.owner_uscc, r.instrument_name, r.instrument_model, r.serial_number, r.quantity,
            r.procedure, r.measured_on::text as measured_on, r.valid_until::text as valid_until, r.conclusion,
            r.uncertainty_value, r.uncertainty_unit, r.coverage_factor, r.traceability
     from metrology.result r join ${KEYS.from("k")} on r.issuer_id = k.issuer_id and r.number = k.number
     order by r.id
     for update of r`,
    KEYS.params(rows),
  );
}

/**
 * Writes the results of `pending` that differ from what is stored: new ones inserted, locked ones
 * (`lockedIds`) updated. A key taken meanwhile by a result this transaction did not lock is left
 * alone and returned as raced, to compare again (see upsertInRounds).
 */
async function writeRound(tx: Em, pending: readonly CandidateResult[], written: WrittenResult[]): Promise<CandidateResult[]> {
  const stored = await lockStored(tx, pending);
  const storedByKey = new Map(stored.map((s) => [issuedKey(s), s]));
  const writes = pending.filter((row) => {
    const before = storedByKey.get(issuedKey(row));
    return !before || before.province !== row.province || !sameResult(before, row);
  });
  if (!writes.length) return [];
  const rows = await executeBound<{ id: string; province: ProvinceCode; issuer_id: string; number: string }>(tx,
    `insert into metrology.result (issuer_id, number, kind, province, owner_uscc, instrument_name, instrument_model, serial_number, quantity,
       procedure, measured_on, valid_until, conclusion, uncertainty_value, uncertainty_unit, coverage_factor, traceability)
     select issuer_id, number, kind, province, owner_uscc, instrument_name, instrument_model, serial_number, quantity,
            procedure, measured_on, valid_until, conclusion, uncertainty_value, uncertainty_unit, coverage_factor, traceability
     from ${STORED.from("r")}
     on conflict (issuer_id, number) do update set
       kind = excluded.kind, province = excluded.province, owner_uscc = excluded.owner_uscc, instrument_name = excluded.instrument_name,
       instrument_model = excluded.instrument_model, serial_number = excluded.serial_number, quantity = excluded.quantity,
       procedure = excluded.procedure, measured_on = excluded.measured_on, valid_until = excluded.valid_until, conclusion = excluded.conclusion,
       uncertainty_value = excluded.uncertainty_value, uncertainty_unit = excluded.uncertainty_unit, coverage_factor = excluded.coverage_factor,
       traceability = excluded.traceability, updated_at = now()
       where result.id = any(?::bigint[])
     returning id::text as id, province, issuer_id, number`,
    [...STORED.params(inLockOrder(writes)), pgArray(stored.map((s) => s.id))],
  );
  const given = new Map(writes.map((w) => [issuedKey(w), w]));
  for (const { id, province, ...key } of rows) {
    written.push({ index: given.get(issuedKey(key))!.index, id, province });
    given.delete(issuedKey(key));
  }
  return [...given.values()];
}

/**
 * Idempotent upsert on (issuer, number). The issuer must be a registered metrology institute or
 * testing laboratory and the owner a registered enterprise. A FAIL verification is stored like any
 * other: it is a fact about the instrument, and recognition refuses it. Unchanged rows write and emit
 * nothing, also when another import writes the same results at the same time; each written row
 * announces METROLOGY_RESULT_UPSERTED.
 */
export async function importMetrologyResults(em: Em, records: MetrologyImportRecord[], viewer: Viewer): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  const candidates = intakeRecords(records, outcome, {
    normalise: normaliseResult,
    key: (row) => issuedKey(row),
    duplicate: (row) => `Result ${row.number} of ${row.issuer_id} appears earlier in this batch`,
    mayImport: (row) => mayImport(viewer, row),
    forbidden: "An issuer may import only the results it issued",
  });
  if (!candidates.length) return outcome.result(records.length);

  await transaction(em, async (tx) => {
    const checked = await registryReader(tx).checkIssuedRecords(candidates, outcome, {
      issuerId: (row) => row.issuer_id,
      partyUscc: (row) => row.owner_uscc,
      issuerKinds: ISSUER_KINDS,
      issuerKindName: "a metrology institute or testing laboratory",
      unknownParty: { code: "UNKNOWN_OWNER", field: "ownerUscc" },
    });
    const rows: CandidateResult[] = checked.map(({ index, row, issuer }) => ({ ...row, province: issuer.province, index }));
    if (!rows.length) return;

    const written: WrittenResult[] = [];
    await upsertInRounds(rows, (pending) => writeRound(tx, pending, written));
    // Written in lock order; announced in the order the records came, as a file's rows are.
    written.sort((a, b) => a.index - b.index);
    await appendChanges(tx, written.map((w) => ({ kind: ChangeKind.METROLOGY_RESULT_UPSERTED, province: w.province, subjectId: toMetrologyId(w.id) })));
  });
  return outcome.result(records.length);
}
