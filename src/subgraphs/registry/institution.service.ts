import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { rowset } from "../../platform/database/rowset";
import { pgArray } from "../../platform/database/sql";
import { transaction } from "../../platform/database/transaction";
import { today } from "../../platform/dates";
import { ValidationError } from "../../platform/errors";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import { ImportOutcome, type ImportResult } from "../../platform/graphql/import-result.type";
import { ProvinceCode } from "../../platform/province";
import { optionalDate, requireDate } from "../../platform/validation/date";
import { requireText } from "../../platform/validation/text";
import { requireList } from "../../platform/validation/list";
import { normaliseAccreditationNumber } from "./accreditation-number";
import { AccreditationScheme, AccreditationStatus, InstitutionKind } from "./registry.enums";
import { requireEnumValue } from "../../platform/validation/enum-value";

export interface AccreditationRecord {
  scheme: string;
  number: string;
  scope: string[];
  status: string;
  validFrom: string;
  validUntil?: string | null;
}

export interface InstitutionRecord {
  id: string;
  name: string;
  kind: string;
  province: string;
  accreditations: AccreditationRecord[];
}

const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The canonical form of one institution: comparing two of them tells whether an import changes anything. */
function normaliseInstitution(record: InstitutionRecord): InstitutionRecord {
  const id = requireText(record.id, "id", 64);
  if (!ID_FORMAT.test(id)) throw new ValidationError("INSTITUTION_ID_FORMAT", `Institution id "${id}" may use letters, digits and . _ : - only`, "id");
  const province = requireEnumValue(record.province, ProvinceCode, "province");
  const seen = new Set<string>();
  const accreditations = requireList(record.accreditations, "accreditations").map((a, i) => {
    const field = `accreditations[${i}]`;
    const scheme = requireEnumValue(a.scheme, AccreditationScheme, `${field}.scheme`);
    const number = normaliseAccreditationNumber(a.number, `${field}.number`);
    const key = `${scheme}/${number}`;
    if (seen.has(key)) throw new ValidationError("DUPLICATE_ACCREDITATION", `Accreditation ${key} is listed twice in this institution`, field);
    seen.add(key);
    // Checked here as the mutation's LocalDate checks them: PostgreSQL would otherwise read
    // "03/04/2015" or "20150101" its own way, and the stored date would never equal the text again.
    const validFrom = requireDate(a.validFrom, `${field}.validFrom`);
    const validUntil = optionalDate(a.validUntil, `${field}.validUntil`);
    if (validUntil !== null && validUntil <= validFrom) {
      throw new ValidationError("DATE_ORDER", `${field}.validUntil must be after validFrom`, `${field}.validUntil`);
    }
    // Blank entries are dropped; anything else must be storable text.
    const named = requireList(a.scope, `${field}.scope`).flatMap((s, j) => (typeof s === "string" && !s.trim() ? [] : [requireText(s, `${field}.scope[${j}]`)]));
    const scope = [...new Set(named)].sort();
    if (!scope.length) throw new ValidationError("REQUIRED", `${field}.scope must name at least one scheme, standard or quantity`, `${field}.scope`);
    return { scheme, number, scope, status: requireEnumValue(a.status, AccreditationStatus, `${field}.status`), validFrom, validUntil };
  });
  accreditations.sort((a, b) => `${a.scheme}/${a.number}`.localeCompare(`${b.scheme}/${b.number}`));
  return { id, name: requireText(record.name, "name", 200), kind: requireEnumValue(record.kind, InstitutionKind, "kind"), province, accreditations };
}

const INSTITUTIONS = rowset({ id: "text", name: "text", kind: "text", province: "text" });
const ACCREDITATIONS = rowset({
  institution_id: "text", scheme: "text", number: "text", scope: "text[]", status: "text", valid_from: "date", valid_until: "date",
});
/** Which written accreditations start a status history entry. */
const ACCREDITATION_CHANGES = rowset({ institution_id: "text", scheme: "text", number: "text", is_new: "boolean", status_changed: "boolean" });

/**
 * Serialises institution imports: the rows they compare against can be locked once they exist, but a
 * new institution's cannot, and two imports adding it at once would each record its accreditations'
 * first status and announce it. There are a few dozen institutions; imports of them are rare.
 */
const INSTITUTIONS_LOCK = 7261200;

interface StoredAccreditation extends AccreditationRecord {
  id: string;
}

type StoredInstitution = Omit<InstitutionRecord, "accreditations"> & { accreditations: StoredAccreditation[] };

async function loadStored(em: Em, ids: string[]): Promise<Map<string, StoredInstitution>> {
  const institutions: { id: string; name: string; kind: string; province: string }[] = await em.execute(
    `select id, name, kind, province from registry.institution where id = any(?::text[]) for update`,
    [pgArray(ids)],
  );
  const accreditations: (StoredAccreditation & { institutionId: string })[] = await em.execute(
    `select id, institution_id as "institutionId", scheme, number, scope, status, valid_from::text as "validFrom", valid_until::text as "validUntil"
     from registry.accreditation where institution_id = any(?::text[]) order by scheme, number`,
    [pgArray(ids)],
  );
  const map = new Map<string, StoredInstitution>(institutions.map((i) => [i.id, { ...i, accreditations: [] }]));
  for (const a of accreditations) map.get(a.institutionId)?.accreditations.push(a);
  return map;
}

const sameAccreditation = (a: AccreditationRecord, b: AccreditationRecord): boolean =>
  a.status === b.status && a.validFrom === b.validFrom && (a.validUntil ?? null) === (b.validUntil ?? null) && JSON.stringify([...a.scope].sort()) === JSON.stringify([...b.scope].sort());

/**
 * Idempotent upsert on the institution id. The accreditations given are the institution's whole list:
 * new ones are added, changed ones updated (a status change is kept in the history, effective today),
 * and ones no longer listed withdrawn (kept, WITHDRAWN from today, with their history).
 */
export async function importInstitutions(em: Em, records: InstitutionRecord[]): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  const valid: InstitutionRecord[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    try {
      const institution = normaliseInstitution(record);
      if (seen.has(institution.id)) return outcome.reject(index, "DUPLICATE_IN_BATCH", `Institution ${institution.id} appears earlier in this batch`, "id");
      seen.add(institution.id);
      valid.push(institution);
    } catch (error) {
      outcome.rejectError(index, error);
    }
  });
  if (!valid.length) return outcome.result(records.length);

  await transaction(em, async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(${INSTITUTIONS_LOCK})`);
    const stored = await loadStored(tx, valid.map((i) => i.id));
    const upserts: InstitutionRecord[] = [];
    const accreditationWrites: (AccreditationRecord & { institutionId: string; statusChanged: boolean; isNew: boolean })[] = [];
    for (const institution of valid) {
      const before = stored.get(institution.id);
      let changed = !before || before.name !== institution.name || before.kind !== institution.kind || before.province !== institution.province;
      const beforeByKey = new Map((before?.accreditations ?? []).map((a) => [`${a.scheme}/${a.number}`, a]));
      for (const a of institution.accreditations) {
        const old = beforeByKey.get(`${a.scheme}/${a.number}`);
        beforeByKey.delete(`${a.scheme}/${a.number}`);
        if (old && sameAccreditation(old, a)) continue;
        changed = true;
        accreditationWrites.push({ ...a, institutionId: institution.id, statusChanged: !!old && old.status !== a.status, isNew: !old });
      }
      // One no longer listed is withdrawn from today, not deleted: a decision about a past date must
      // still find it active then, and listing it again must not paint the gap over as ACTIVE.
      for (const gone of beforeByKey.values()) {
        if (gone.status === AccreditationStatus.WITHDRAWN) continue;
        changed = true;
        const { scheme, number, scope, validFrom, validUntil } = gone;
        accreditationWrites.push({ scheme, number, scope, validFrom, validUntil, status: AccreditationStatus.WITHDRAWN, institutionId: institution.id, statusChanged: true, isNew: false });
      }
      if (changed) upserts.push(institution);
    }
    if (!upserts.length) return;
    await executeBound(tx,
      `insert into registry.institution (id, name, kind, province)
       select id, name, kind, province from ${INSTITUTIONS.from("r")}
       on conflict (id) do update set name = excluded.name, kind = excluded.kind, province = excluded.province, updated_at = now()`,
      INSTITUTIONS.params(upserts),
    );
    if (accreditationWrites.length) {
      const rows = accreditationWrites.map((a) => ({
        institution_id: a.institutionId, scheme: a.scheme, number: a.number, scope: a.scope, status: a.status, valid_from: a.validFrom,
        valid_until: a.validUntil ?? null, is_new: a.isNew, status_changed: a.statusChanged,
      }));
      await executeBound(tx,
        `with written as (
           insert into registry.accreditation (institution_id, scheme, number, scope, status, valid_from, valid_until)
           select institution_id, scheme, number, scope, status, valid_from, valid_until from ${ACCREDITATIONS.from("r")}
           on conflict (institution_id, scheme, number) do update
             set scope = excluded.scope, status = excluded.status, valid_from = excluded.valid_from, valid_until = excluded.valid_until
           returning id, institution_id, scheme, number, status, valid_from
         )
         insert into registry.accreditation_status_change (accreditation_id, status, effective_on)
         select w.id, w.status, case when r.is_new then w.valid_from else ?::date end
         from written w join ${ACCREDITATION_CHANGES.from("r")}
           on r.institution_id = w.institution_id and r.scheme = w.scheme and r.number = w.number
         where r.is_new or r.status_changed`,
        [...ACCREDITATIONS.params(rows), today(), ...ACCREDITATION_CHANGES.params(rows)],
      );
    }
    // An institution that moved is announced to its former province too, whose feed would otherwise
    // never learn that it left (as an agreement tells a province that stopped being a party).
    await appendChanges(tx, upserts.flatMap((i) => {
      const former = stored.get(i.id)?.province;
      const provinces = former && former !== i.province ? [former, i.province] : [i.province];
      return provinces.map((province) => ({ kind: ChangeKind.INSTITUTION_UPSERTED, province: province as ProvinceCode, subjectId: i.id }));
    }));
  });
  return outcome.result(records.length);
}
