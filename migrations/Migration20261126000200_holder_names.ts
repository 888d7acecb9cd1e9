import { Migration } from "@mikro-orm/migrations";

/**
 * How far certification has brought its certificates' copies of their holders' names (what search
 * matches) up to the registry's renames: the last outbox event it has read. From 0, so that renames
 * made before this table existed are caught up with too.
 */
export class Migration20261126000200_holder_names extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table certification.holder_name_sync (
      singleton boolean primary key default true check (singleton),
      through bigint not null default 0,
      synced_at timestamptz
    )`);
    this.addSql(`insert into certification.holder_name_sync (singleton) values (true)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table certification.holder_name_sync`);
  }
}
