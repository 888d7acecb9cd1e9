import { Migration } from "@mikro-orm/migrations";

export class Migration20261125000200_registry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists registry`);
    this.addSql(`create table registry.enterprise (
      uscc text primary key check (length(uscc) = 18),
      name text not null,
      division_code text not null,
      province text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index enterprise_province_idx on registry.enterprise (province)`);
    this.addSql(`create table registry.institution (
      id text primary key,
      name text not null,
      kind text not null check (kind in ('CERTIFICATION_BODY', 'TESTING_LAB', 'METROLOGY_INSTITUTE')),
      province text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table registry.accreditation (
      id bigint generated always as identity primary key,
      institution_id text not null references registry.institution (id) on delete cascade,
      scheme text not null check (scheme in ('CNCA', 'CNAS', 'CMA', 'METROLOGY_AUTHORIZATION')),
      number text not null,
      scope text[] not null,
      status text not null check (status in ('ACTIVE', 'SUSPENDED', 'WITHDRAWN', 'EXPIRED')),
      valid_from date not null,
      valid_until date,
      unique (institution_id, scheme, number)
    )`);
    // When an accreditation's status changed, so that recognition can ask what it was on a past date.
    this.addSql(`create table registry.accreditation_status_change (
      id bigint generated always as identity primary key,
      accreditation_id bigint not null references registry.accreditation (id) on delete cascade,
      status text not null,
      effective_on date not null,
      recorded_at timestamptz not null default now()
    )`);
    this.addSql(`create index accreditation_status_change_idx on registry.accreditation_status_change (accreditation_id, effective_on)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema registry cascade`);
  }
}
