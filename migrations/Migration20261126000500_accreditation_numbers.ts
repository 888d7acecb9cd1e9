import { Migration } from "@mikro-orm/migrations";

/** normaliseAccreditationNumber (src/subgraphs/registry/accreditation-number.ts) in SQL: the two must stay equal. */
const NORMALISED = `translate(
    btrim(regexp_replace(
      translate(a.number,
        (select string_agg(chr(c), '' order by c) from generate_series(65281, 65374) c) || chr(12288),
        (select string_agg(chr(c - 65248), '' order by c) from generate_series(65281, 65374) c) || ' '),
      ' {2,}', ' ', 'g'), ' '),
    'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')`;

/**
 * Stored accreditation numbers brought to the form imports now store (full-width folded, spaces made
 * one, ASCII letters upper-cased). Before, "ＣＮＡＳ Ｌ１２３４" was stored as it was typed and was a
 * second accreditation beside "CNAS L1234".
 *
 * Where the normal form is already taken in the same institution and scheme, the row in the other
 * form keeps its number: merging two accreditations' periods and histories is not a migration's
 * decision. The institution's next import lists the number once, in whatever form, so it updates the
 * normal one and withdraws the other as no longer listed, its history kept. Of several rows in other
 * forms with one normal form and none stored in it, the oldest takes it.
 *
 * Each institution whose numbers changed is announced (INSTITUTION_UPSERTED), so that the change
 * feed's subscribers read its accreditations again.
 */
export class Migration20261126000500_accreditation_numbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create temporary table accreditation_renumbered on commit drop as
      with candidate as (
        select a.id, a.institution_id, a.scheme, ${NORMALISED} as number
        from registry.accreditation a
      ),
      chosen as (
        select distinct on (c.institution_id, c.scheme, c.number) c.id, c.institution_id, c.number
        from candidate c join registry.accreditation a on a.id = c.id
        where c.number <> a.number
          and not exists (select 1 from registry.accreditation t where t.institution_id = c.institution_id and t.scheme = c.scheme and t.number = c.number)
        order by c.institution_id, c.scheme, c.number, c.id
      )
      select id, institution_id, number from chosen`);
    this.addSql(`update registry.accreditation a set number = r.number from accreditation_renumbered r where a.id = r.id`);
    // Event ids in commit order, as appendChanges keeps them (the outbox's lock).
    this.addSql(`select pg_advisory_xact_lock(7261001)`);
    this.addSql(`insert into outbox.change_event (kind, province, subject_id)
      select 'INSTITUTION_UPSERTED', i.province, i.id
      from registry.institution i where i.id in (select institution_id from accreditation_renumbered)
      order by i.id`);
    this.addSql(`select pg_notify('yrd_changes', '')`);
  }

  override async down(): Promise<void> {
    // The forms the numbers were typed in are not kept; the normal form is the same accreditation.
  }
}
