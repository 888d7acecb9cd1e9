import { Migration } from "@mikro-orm/migrations";

/**
 * Standards keyed by their normalised code. What an import declares (status, the codes it supersedes,
 * the codes it is equivalent to) is kept as given; what follows from it across rows (who supersedes
 * whom and from when, which codes form one text) is derived into superseded_by / superseded_on and
 * group_key, so that a declaration naming a code not yet imported takes effect when that code arrives.
 */
export class Migration20261125000400_standards extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists standards`);
    this.addSql(`create table standards.standard (
      code text primary key,
      title text not null,
      kind text not null check (kind in ('NATIONAL', 'INDUSTRY', 'LOCAL', 'REGIONAL', 'GROUP')),
      province text check (province in ('SH', 'JS', 'ZJ', 'AH')),
      declared_status text not null check (declared_status in ('PUBLISHED', 'EFFECTIVE', 'SUPERSEDED', 'ABOLISHED')),
      published_on date not null,
      effective_on date not null,
      supersedes_codes text[] not null default '{}',
      declared_equivalents text[] not null default '{}',
      unified_key text,
      group_key text not null,
      superseded_by text,
      superseded_on date,
      abolished_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (effective_on >= published_on)
    )`);
    this.addSql(`create index standard_group_idx on standards.standard (group_key)`);
    this.addSql(`create index standard_superseded_by_idx on standards.standard (superseded_by)`);
    this.addSql(`create index standard_unified_idx on standards.standard (unified_key) where unified_key is not null`);
    this.addSql(`create index standard_supersedes_idx on standards.standard using gin (supersedes_codes)`);
    this.addSql(`create index standard_equivalents_idx on standards.standard using gin (declared_equivalents)`);
    this.addSql(`create index standard_kind_idx on standards.standard (kind, code)`);
    this.addSql(`create index standard_province_idx on standards.standard (province, code)`);
    // Trigram search over code and Chinese title (a btree LIKE cannot serve '%text%').
    this.addSql(`create index standard_search_idx on standards.standard using gin ((code || ' ' || title) gin_trgm_ops)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema standards cascade`);
  }
}
