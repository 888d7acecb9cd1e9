import { Migration } from "@mikro-orm/migrations";

/** The kernel's tables: the change-feed outbox. */
export class Migration20261125000100_platform extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm`);
    this.addSql(`create schema if not exists outbox`);
    this.addSql(`create table outbox.change_event (
      id bigint generated always as identity primary key,
      kind text not null,
      province text,
      subject_id text not null,
      occurred_at timestamptz not null default now()
    )`);
    this.addSql(`create index change_event_occurred_at_idx on outbox.change_event (occurred_at)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema outbox cascade`);
  }
}
