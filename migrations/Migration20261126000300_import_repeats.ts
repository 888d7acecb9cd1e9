import { Migration } from "@mikro-orm/migrations";

/**
 * An import's checkpoint also keeps:
 * - `replaced`: rows a later row of the same key in the file replaced (neither stored nor refused), so
 *   that a resumed run's summary still accounts for every row;
 * - `rejected_tail`: a fingerprint of the rejected-rows file's last bytes at the committed length, so
 *   that a resume can tell that file from one written since by another import of the same path (as
 *   another kind) before cutting it back and appending to it;
 * - `rejected_incomplete`: that a run found the rejected-rows file deleted, cut or replaced and started
 *   it afresh, so that every later summary of the import still says its earlier refused rows are not
 *   all listed (the fresh file, fingerprinted, looks intact from then on).
 */
export class Migration20261126000300_import_repeats extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table bulk_import.job add column replaced bigint not null default 0, add column rejected_tail text,
      add column rejected_incomplete boolean not null default false`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table bulk_import.job drop column replaced, drop column rejected_tail, drop column rejected_incomplete`);
  }
}
