import { Migration } from "@mikro-orm/migrations";

/** Recognition agreements between the provinces: a small table read whole by every batch of decisions. */
export class Migration20261125000600_recognition extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists recognition`);
    this.addSql(`create table recognition.agreement (
      id text primary key,
      title text not null,
      parties text[] not null check (cardinality(parties) >= 2 and parties <@ array['SH', 'JS', 'ZJ', 'AH']),
      subject_kinds text[] not null check (cardinality(subject_kinds) >= 1 and subject_kinds <@ array['CERTIFICATE', 'METROLOGY_RESULT']),
      effective_from date not null,
      effective_until date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (effective_until is null or effective_until > effective_from)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema recognition cascade`);
  }
}
