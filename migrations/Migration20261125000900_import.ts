import { Migration } from "@mikro-orm/migrations";

/**
 * Checkpoints of `npm run import`: one row per file (identified by path, size and hashes of its first
 * and last bytes), updated in the same transaction as each batch's rows, so that a killed import resumes
 * exactly after the last batch that committed.
 */
export class Migration20261125000900_import extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists bulk_import`);
    this.addSql(`create table bulk_import.job (
      id bigint generated always as identity primary key,
      file_key text not null unique,
      path text not null,
      kind text not null,
      format text not null check (format in ('ndjson', 'csv')),
      file_size bigint not null,
      byte_offset bigint not null default 0,
      rows_read bigint not null default 0,
      accepted bigint not null default 0,
      rejected bigint not null default 0,
      rejected_bytes bigint not null default 0,
      status text not null default 'RUNNING' check (status in ('RUNNING', 'DONE')),
      runs int not null default 1,
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema bulk_import cascade`);
  }
}
