import { Migration } from "@mikro-orm/migrations";

/**
 * The feed's own state: how far retention has pruned the outbox, so a cursor from before that point
 * is refused (CURSOR_EXPIRED) rather than resumed with a silent gap. One row.
 */
export class Migration20261125000700_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists feed`);
    this.addSql(`create table feed.retention (
      singleton boolean primary key default true check (singleton),
      pruned_through bigint not null default 0,
      pruned_at timestamptz
    )`);
    this.addSql(`insert into feed.retention (singleton) values (true)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema feed cascade`);
  }
}
