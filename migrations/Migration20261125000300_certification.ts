import { Migration } from "@mikro-orm/migrations";

export class Migration20261125000300_certification extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists certification`);
    this.addSql(`create table certification.certificate (
      id bigint generated always as identity primary key,
      issuer_id text not null,
      number text not null,
      kind text not null check (kind in ('PRODUCT', 'MANAGEMENT_SYSTEM', 'SERVICE')),
      scheme text not null,
      province text not null,
      holder_uscc text not null,
      holder_name text not null,
      scope text not null,
      standard_codes text[] not null default '{}',
      issued_on date not null,
      valid_until date not null,
      status text not null check (status in ('ACTIVE', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (issuer_id, number),
      check (valid_until > issued_on)
    )`);
    this.addSql(`create index certificate_number_idx on certification.certificate (number)`);
    this.addSql(`create index certificate_holder_idx on certification.certificate (holder_uscc, id)`);
    this.addSql(`create index certificate_province_status_idx on certification.certificate (province, status, id)`);
    this.addSql(`create index certificate_status_idx on certification.certificate (status, id)`);
    this.addSql(`create index certificate_standards_idx on certification.certificate using gin (standard_codes)`);
    // Trigram search over number, holder name and scope: works for Chinese text, unlike a btree LIKE.
    this.addSql(`create index certificate_search_idx on certification.certificate
      using gin ((number || ' ' || holder_name || ' ' || scope) gin_trgm_ops)`);
    this.addSql(`create table certification.status_change (
      id bigint generated always as identity primary key,
      certificate_id bigint not null references certification.certificate (id) on delete cascade,
      status text not null,
      reason text,
      actor text,
      at timestamptz not null default now()
    )`);
    this.addSql(`create index status_change_certificate_idx on certification.status_change (certificate_id, at, id)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema certification cascade`);
  }
}
