import type { Viewer } from "../../platform/auth/viewer";
import type { Em } from "../../platform/database/orm";
import { transaction } from "../../platform/database/transaction";
import { upsertInRounds } from "../../platform/database/upsert-rounds";
import { forbidden, ValidationError } from "../../platform/errors";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import { requireList } from "../../platform/validation/list";
import { ProvinceCode, PROVINCES } from "../../platform/province";
import { requireEnumValue } from "../../platform/validation/enum-value";
import { optionalDate, requireDate } from "../../platform/validation/date";
import { requireText } from "../../platform/validation/text";
import { SubjectKind } from "./recognition.enums";
import type { AgreementFacts } from "./recognition.facts";
import { executeRead } from "../../platform/database/replicas";

export interface AgreementInput {
  id: string;
  title: string;
  parties: string[];
  subjectKinds: string[];
  effectiveFrom: string;
  effectiveUntil?: string | null;
}

const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const PROVINCE_ORDER = PROVINCES.map((p) => p.code);
const KIND_ORDER = Object.values(SubjectKind);

/** The canonical agreement, or a ValidationError (BAD_USER_INPUT with reason and field). */
export function normaliseAgreement(input: AgreementInput): AgreementFacts {
  const id = requireText(input.id, "id", 64);
  if (!ID_FORMAT.test(id)) throw new ValidationError("AGREEMENT_ID_FORMAT", `Agreement id "${id}" may use letters, digits and . _ : - only`, "id");
  const title = requireText(input.title, "title", 200);
  // Each entry named by its place: a file row's null entry is missing there, not a province called "null".
  const given = requireList(input.parties, "parties").map((party, i) => requireEnumValue(party, ProvinceCode, `parties[${i}]`));
  const parties = PROVINCE_ORDER.filter((p) => given.includes(p));
  if (parties.length < 2) throw new ValidationError("PARTIES", "An agreement needs at least two different provinces as parties", "parties");
  const kinds = requireList(input.subjectKinds, "subjectKinds").map((kind, i) => requireEnumValue(kind, SubjectKind, `subjectKinds[${i}]`));
  const subjectKinds = KIND_ORDER.filter((k) => kinds.includes(k));
  if (!subjectKinds.length) throw new ValidationError("REQUIRED", "subjectKinds must name at least one kind of subject", "subjectKinds");
  const effectiveFrom = requireDate(input.effectiveFrom, "effectiveFrom");
  const effectiveUntil = optionalDate(input.effectiveUntil, "effectiveUntil");
  if (effectiveUntil !== null && effectiveUntil <= effectiveFrom) {
    throw new ValidationError("DATE_ORDER", "effectiveUntil must be after effectiveFrom", "effectiveUntil");
  }
  return { id, title, parties, subjectKinds, effectiveFrom, effectiveUntil };
}

const SELECT = `select id, title, parties, subject_kinds as "subjectKinds", effective_from::text as "effectiveFrom", effective_until::text as "effectiveUntil"
                from recognition.agreement`;

/** Every agreement, by id: a handful of rows, read whole by each batch of decisions (one statement). */
export async function listAgreements(em: Em): Promise<AgreementFacts[]> {
  return executeRead(em, `${SELECT} order by id`);
}

/**
 * Creates or replaces an agreement (upsert by id). An admin may define any; a regulator only one its
 * province is a party to, before and after the change, so that no regulator rewrites the agreements of
 * others.
 */
export async function defineRecognitionAgreement(em: Em, viewer: Viewer, input: AgreementInput): Promise<AgreementFacts> {
  const agreement = normaliseAgreement(input);
  const mayAct = (parties: readonly string[]) => viewer.role === "admin" || (viewer.role === "regulator" && !!viewer.province && parties.includes(viewer.province));
  if (!mayAct(agreement.parties)) throw forbidden(`A regulator may define only agreements its own province (${viewer.province ?? "none"}) is a party to`);
  return transaction(em, async (tx) => {
    let result: AgreementFacts | undefined;
    // A new id cannot be locked before it exists: an agreement another transaction creates meanwhile is
    // left alone by this upsert, and the next round reads it, so that the party check applies to it too.
    await upsertInRounds([agreement], async () => {
      const [existing] = (await tx.execute(`${SELECT} where id = ? for update`, [agreement.id])) as AgreementFacts[];
      if (existing && !mayAct(existing.parties)) throw forbidden(`Agreement ${agreement.id} is between ${existing.parties.join(", ")}; a regulator of ${viewer.province} may not change it`);
      // Defined again as it is: nothing is written and no event is emitted, as with imports.
      if (existing && sameAgreement(existing, agreement)) {
        result = existing;
        return [];
      }
      const [stored] = (await tx.execute(
        `insert into recognition.agreement (id, title, parties, subject_kinds, effective_from, effective_until)
         values (?, ?, ?::text[], ?::text[], ?::date, ?::date)
         on conflict (id) do update set title = excluded.title, parties = excluded.parties, subject_kinds = excluded.subject_kinds,
           effective_from = excluded.effective_from, effective_until = excluded.effective_until, updated_at = now()
           where ?::boolean
         returning id, title, parties, subject_kinds as "subjectKinds", effective_from::text as "effectiveFrom", effective_until::text as "effectiveUntil"`,
        [agreement.id, agreement.title, `{${agreement.parties.join(",")}}`, `{${agreement.subjectKinds.join(",")}}`, agreement.effectiveFrom, agreement.effectiveUntil, !!existing],
      )) as AgreementFacts[];
      if (!stored) return [agreement];
      // Partners follow the feed by province: each province that is a party, or has just stopped being one, hears of it.
      const provinces = PROVINCE_ORDER.filter((p) => stored.parties.includes(p) || !!existing?.parties.includes(p));
      await appendChanges(tx, provinces.map((province) => ({ kind: ChangeKind.AGREEMENT_UPSERTED, province, subjectId: stored.id })));
      result = stored;
      return [];
    });
    return result!;
  });
}

const sameAgreement = (a: AgreementFacts, b: AgreementFacts): boolean =>
  a.title === b.title && a.parties.join() === b.parties.join() && a.subjectKinds.join() === b.subjectKinds.join() &&
  a.effectiveFrom === b.effectiveFrom && (a.effectiveUntil ?? null) === (b.effectiveUntil ?? null);
