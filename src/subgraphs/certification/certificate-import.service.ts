import type { Em } from "../../platform/database/orm";
import type { Viewer } from "../../platform/auth/viewer";
import { executeBound } from "../../platform/database/bound-query";
import { pgArray } from "../../platform/database/sql";
import { rowset } from "../../platform/database/rowset";
import { transaction } from "../../platform/database/transaction";
import { inLockOrder, issuedKey, upsertInRounds } from "../../platform/database/upsert-rounds";
import { ValidationError } from "../../platform/errors";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges, type ChangeEventInput } from "../../platform/feed/outbox";
import { ImportOutcome, type ImportResult } from "../../platform/graphql/import-result.type";
import { intakeRecords } from "../../platform/graphql/import-intake";
import type { ProvinceCode } from "../../platform/province";
import { parseStandardCode } from "../../platform/validation/standard-code";
import { requireDate } from "../../platform/validation/date";
import { requireText } from "../../platform/validation/text";
import { requireList } from "../../platform/validation/list";
import { parseUscc } from "../../platform/validation/uscc";
import { registryReader } from "../registry/registry.reader";
import { CertificateKind, CertificateStatus } from "./certificate.enums";
import { canTransition, isStoredStatus, STORED_STATUSES, type StoredStatus } from "./certificate-status";
import { enumInput, requireEnumValue } from "../../platform/validation/enum-value";
import { keepFirstStatuses, recordStatusChanges } from "./status-history";

export interface CertificateRecord {
  number: string;
  kind: string;
  scheme: string;
  issuerId: string;
  holderUscc: string;
  scope: string;
  standardCodes: string[];
  issuedOn: string;
  validUntil: string;
  status?: string | null;
}

/** A certificate row as stored; also the shape compared to decide whether an import changes anything. */
interface CertificateRow {
  issuer_id: string;
  number: string;
  kind: string;
  scheme: string;
  province: ProvinceCode;
  holder_uscc: string;
  holder_name: string;
  scope: string;
  standard_codes: string[];
  issued_on: string;
  valid_until: string;
  status: StoredStatus;
}

/**
 * The fields a certificate is: a difference in one of them is a change, stored and announced. The
 * holder's name is not among them: the row keeps a copy of it for search, which the registry's own
 * name (what `holder { name }` shows, announced by ENTERPRISE_UPSERTED) overrides; an import that finds
 * the copy stale refreshes it silently, as syncHolderNames does.
 */
const COMPARED: (keyof CertificateRow)[] = ["kind", "scheme", "province", "holder_uscc", "scope", "standard_codes", "issued_on", "valid_until", "status"];
const same = (a: CertificateRow, b: CertificateRow) => COMPARED.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
/** `same` in the upsert's SQL: whether the incoming row changes the stored one. */
const CHANGED = `(${COMPARED.map((k) => `certificate.${k}`).join(", ")}) is distinct from (${COMPARED.map((k) => `excluded.${k}`).join(", ")})`;

function normalise(record: CertificateRecord) {
  const number = requireText(record.number, "number", 100);
  const kind = requireEnumValue(record.kind, CertificateKind, "kind");
  // Blank (an empty or padded cell) is not given, as for every optional enum.
  const status = enumInput(record.status) || CertificateStatus.ACTIVE;
  if (status === CertificateStatus.EXPIRED) {
    throw new ValidationError("STATUS_NOT_ALLOWED", `status ${status} cannot be imported: EXPIRED follows from validUntil`, "status");
  }
  if (!isStoredStatus(status)) throw new ValidationError("ENUM_VALUE", `status ${JSON.stringify(status)} is not one of ${STORED_STATUSES.join(", ")}`, "status");
  const issuedOn = requireDate(record.issuedOn, "issuedOn");
  const validUntil = requireDate(record.validUntil, "validUntil");
  if (validUntil <= issuedOn) throw new ValidationError("DATE_ORDER", "validUntil must be after issuedOn", "validUntil");
  const standardCodes = [...new Set(requireList(record.standardCodes, "standardCodes").map((code, i) => parseStandardCode(code, `standardCodes[${i}]`).code))];
  return {
    number,
    kind,
    scheme: requireText(record.scheme, "scheme", 100),
    issuerId: requireText(record.issuerId, "issuerId", 64),
    holderUscc: parseUscc(record.holderUscc, "holderUscc").code,
    scope: requireText(record.scope, "scope", 4000),
    standardCodes,
    issuedOn,
    validUntil,
    status,
  };
}


type CandidateRow = CertificateRow & { index: number };

/** A certificate this import stored: inserted, or updated with a status change or not. */
interface WrittenCertificate {
  /** The record's place in the batch. */
  index: number;
  id: string;
  issuer_id: string;
  number: string;
  province: ProvinceCode;
  status: string;
  issued_on: string;
  inserted: boolean;
  statusChanged: boolean;
  /** Only the holder-name copy was refreshed: nothing to record or announce. */
  copyOnly: boolean;
}

/** The stored certificates of these keys, locked until the transaction ends, in id order (see inLockOrder). */
function lockStored(tx: Em, rows: readonly CandidateRow[]) {
  return executeBound<CertificateRow & { id: string }>(tx,
    `select c.id, c.issuer_id, c.number, c.kind, c.scheme, c.province, c.holder_uscc, c.holder_name, c.scope, c.standard_codes,
            c.issued_on::text as issued_on, c.valid_until::text as valid_until, c.status
     from certification.certificate c join ${KEYS.from("k")} on c.issuer_id = k.issuer_id and c.number = k.number
     order by c.id
     for update of c`,
    KEYS.params(rows),
  );
}

const KEYS = rowset({ issuer_id: "text", number: "text" });
/** The columns of the rows the upsert writes; CandidateRow has every one of them. */
const STORED = rowset({
  issuer_id: "text", number: "text", kind: "text", scheme: "text", province: "text", holder_uscc: "text", holder_name: "text",
  scope: "text", standard_codes: "text[]", issued_on: "date", valid_until: "date", status: "text",
});

/**
 * Inserts the new certificates and updates the locked ones (`lockedIds`). A key found taken by a
 * certificate this transaction did not lock (inserted by another one since) is left as it is and
 * missing from the result: see upsertInRounds.
 */
function upsert(tx: Em, writes: readonly CandidateRow[], lockedIds: readonly string[], actor: string) {
  return executeBound<{ id: string; issuer_id: string; number: string; province: ProvinceCode; status: string; inserted: boolean }>(tx,
    `insert into certification.certificate
       (issuer_id, number, kind, scheme, province, holder_uscc, holder_name, scope, standard_codes, issued_on, valid_until, status, created_by)
     select issuer_id, number, kind, scheme, province, holder_uscc, holder_name, scope, standard_codes, issued_on, valid_until, status, ?
     from ${STORED.from("r")}
     on conflict (issuer_id, number) do update set
       kind = excluded.kind, scheme = excluded.scheme, province = excluded.province, holder_uscc = excluded.holder_uscc,
       holder_name = excluded.holder_name, scope = excluded.scope, standard_codes = excluded.standard_codes,
       issued_on = excluded.issued_on, valid_until = excluded.valid_until, status = excluded.status,
       -- A refreshed holder-name copy alone is no change of the certificate (see COMPARED).
       updated_at = case when ${CHANGED} then now() else certificate.updated_at end
       where certificate.id = any(?::bigint[])
     returning id, issuer_id, number, province, status, (xmax = 0) as inserted`,
    [actor, ...STORED.params(inLockOrder(writes)), pgArray(lockedIds)],
  );
}

/**
 * Compares `pending` with what is stored and writes what differs (INVALID_TRANSITION for a status the
 * stored one cannot become); returns the rows found raced, to compare again.
 */
async function writeRound(tx: Em, pending: readonly CandidateRow[], outcome: ImportOutcome, written: WrittenCertificate[], actor: string): Promise<CandidateRow[]> {
  const stored = await lockStored(tx, pending);
  const storedByKey = new Map(stored.map((s) => [issuedKey(s), s]));
  const writes: CandidateRow[] = [];
  const statusChanges = new Set<string>();
  const copyRefreshes = new Set<string>();
  for (const row of pending) {
    const before = storedByKey.get(issuedKey(row));
    if (before && same(before, row)) {
      if (before.holder_name !== row.holder_name) {
        copyRefreshes.add(issuedKey(row));
        writes.push(row);
      }
      continue;
    }
    if (before && before.status !== row.status) {
      if (!canTransition(before.status, row.status)) {
        outcome.reject(row.index, "INVALID_TRANSITION", `Certificate ${row.number} is ${before.status} and cannot become ${row.status}`, "status");
        continue;
      }
      statusChanges.add(issuedKey(row));
    }
    writes.push(row);
  }
  if (!writes.length) return [];
  // Before the statuses change: the first entry is read from the certificate as it was.
  await keepFirstStatuses(tx, stored.filter((s) => statusChanges.has(issuedKey(s))).map((s) => s.id));
  const given = new Map(writes.map((w) => [issuedKey(w), w]));
  for (const row of await upsert(tx, writes, stored.map((s) => s.id), actor)) {
    const key = issuedKey(row);
    const { index, issued_on } = given.get(key)!;
    given.delete(key);
    // Field by field: spreading the driver's row objects cost more than the rest of the round.
    const { id, issuer_id, number, province, status, inserted } = row;
    written.push({
      index, id, issuer_id, number, province, status, issued_on, inserted,
      statusChanged: !inserted && statusChanges.has(key), copyOnly: !inserted && copyRefreshes.has(key),
    });
  }
  return [...given.values()];
}

/**
 * Idempotent upsert on (issuer, number). The holder must already be registered (UNKNOWN_HOLDER: a
 * certificate names no holder details to create one from). A status that differs from the stored one
 * must be an allowed transition and is kept in the history; unchanged rows write and emit nothing,
 * also when another import writes the same certificates at the same time (a stale holder-name copy
 * is refreshed, and still nothing is announced).
 */
export async function importCertificates(em: Em, records: CertificateRecord[], viewer: Viewer): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  const candidates = intakeRecords(records, outcome, {
    normalise,
    key: (row) => issuedKey({ issuer_id: row.issuerId, number: row.number }),
    duplicate: (row) => `Certificate ${row.number} of ${row.issuerId} appears earlier in this batch`,
    mayImport: (row) => viewer.role !== "issuer" || row.issuerId === viewer.institutionId,
    forbidden: "An issuer may import only the certificates it issued",
  });
  if (!candidates.length) return outcome.result(records.length);

  await transaction(em, async (tx) => {
    const checked = await registryReader(tx).checkIssuedRecords(candidates, outcome, {
      issuerId: (row) => row.issuerId,
      partyUscc: (row) => row.holderUscc,
      issuerKinds: ["CERTIFICATION_BODY"],
      issuerKindName: "a certification body",
      unknownParty: { code: "UNKNOWN_HOLDER", field: "holderUscc" },
    });
    const rows: CandidateRow[] = checked.map(({ index, row, issuer, party }) => ({
      index, issuer_id: row.issuerId, number: row.number, kind: row.kind, scheme: row.scheme, province: issuer.province,
      holder_uscc: row.holderUscc, holder_name: party.name, scope: row.scope, standard_codes: row.standardCodes,
      issued_on: row.issuedOn, valid_until: row.validUntil, status: row.status,
    }));
    const written: WrittenCertificate[] = [];
    const actor = viewer.sub ?? viewer.role;
    await upsertInRounds(rows, (pending) => writeRound(tx, pending, outcome, written, actor));
    if (!written.length) return;
    // Written in lock order; announced in the order the records came, as a file's rows are.
    written.sort((a, b) => a.index - b.index);

    // A new certificate's first status is the certificate's own (see certification.status_history).
    const now = new Date().toISOString();
    await recordStatusChanges(tx,
      written.filter((w) => w.statusChanged).map((w) => ({ certificate_id: w.id, status: w.status, reason: "Changed by import", actor, at: now })),
    );
    const events: ChangeEventInput[] = written.flatMap((w) => {
      if (w.copyOnly) return [];
      const upserted: ChangeEventInput = { kind: ChangeKind.CERTIFICATE_UPSERTED, province: w.province, subjectId: w.id };
      return w.statusChanged ? [upserted, { ...upserted, kind: ChangeKind.CERTIFICATE_STATUS_CHANGED }] : [upserted];
    });
    await appendChanges(tx, events);
  });
  return outcome.result(records.length);
}
