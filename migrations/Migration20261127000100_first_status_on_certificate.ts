import { Migration } from "@mikro-orm/migrations";

/**
 * A certificate's first status is no longer written as a history row when it is imported: the row
 * said nothing the certificate does not (its status, from its issue date, "Imported"), and writing it
 * cost an imported row about a tenth of its CPU (a heap row, two index entries and the foreign key's
 * lock on the new certificate). The certificate keeps who imported it (`created_by`); the history is
 * read through `certification.status_history`, which gives a certificate without rows its first
 * entry from the certificate itself. A certificate's first change writes that entry as a row before
 * its own, so from then on the rows alone are its history, as for every certificate imported before this migration.
 *
 * The view alone says what the first entry is: id 0 marks it (no row has that id), and a writer
 * turns it into a row with keepFirstStatuses (status-history.ts) before the status changes.
 *
 * The first entry's time is the issue date at midnight in China Standard Time (UTC+8), as the row
 * stored it; written with a fixed offset rather than Asia/Shanghai, which kept summer time in 1986-1991.
 */
export class Migration20261127000100_first_status_on_certificate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table certification.certificate add column created_by text`);
    this.addSql(`create view certification.status_history as
      select h.certificate_id, h.id, h.status, h.reason, h.actor, h.at
      from certification.status_change h
      union all
      select c.id, 0, c.status, 'Imported', c.created_by, (c.issued_on::timestamp - interval '8 hours') at time zone 'UTC'
      from certification.certificate c
      where not exists (select 1 from certification.status_change h where h.certificate_id = c.id)`);
  }

  override async down(): Promise<void> {
    this.addSql(`insert into certification.status_change (certificate_id, status, reason, actor, at)
      select certificate_id, status, reason, actor, at from certification.status_history where id = 0`);
    this.addSql(`drop view certification.status_history`);
    this.addSql(`alter table certification.certificate drop column created_by`);
  }
}
