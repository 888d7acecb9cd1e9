import { Migration } from "@mikro-orm/migrations";

/**
 * The certificate's own codes (number, kind, province, status) compare byte by byte (collation "C").
 * They are matched exactly, never sorted as words, and under the database's default collation (libc
 * C.UTF-8 on a Debian server) every comparison in their indexes went through strcoll: a text index
 * insert cost ~40% more, which an import pays in four indexes for every row. UTF-8 bytes sort as code
 * points, so no order changes, and now it is the same on every server.
 *
 * holder_uscc and issuer_id keep the default collation: they hold keys of registry's tables, and a
 * join between columns of different collations cannot use either side's index (an analyst's join of
 * certificates with enterprises would scan the enterprises).
 *
 * The key (issuer, number) is indexed number first, so that a lookup by number uses it and the
 * number's own index goes; an issuer's pages get an (issuer_id, id) index in id order instead.
 *
 * The search index keeps the default collation on purpose: `ilike` folds case by the expression's
 * collation, and under "C" only ASCII letters would fold (not Ｌ and ｌ, nor Ä and ä).
 */
export class Migration20261126000100_certificate_codes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index certification.certificate_search_idx`);
    this.addSql(`drop index certification.certificate_number_idx`);
    this.addSql(`alter table certification.certificate drop constraint certificate_issuer_id_number_key`);
    this.addSql(`alter table certification.certificate
      alter column number type text collate "C",
      alter column kind type text collate "C",
      alter column province type text collate "C",
      alter column status type text collate "C"`);
    this.addSql(`alter table certification.certificate add constraint certificate_number_issuer_key unique (number, issuer_id)`);
    this.addSql(`create index certificate_issuer_idx on certification.certificate (issuer_id, id)`);
    this.addSql(`create index certificate_search_idx on certification.certificate
      using gin (((number || ' ' || holder_name || ' ' || scope) collate "default") gin_trgm_ops)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index certification.certificate_search_idx`);
    this.addSql(`drop index certification.certificate_issuer_idx`);
    this.addSql(`alter table certification.certificate drop constraint certificate_number_issuer_key`);
    this.addSql(`alter table certification.certificate
      alter column number type text collate "default",
      alter column kind type text collate "default",
      alter column province type text collate "default",
      alter column status type text collate "default"`);
    this.addSql(`alter table certification.certificate add constraint certificate_issuer_id_number_key unique (issuer_id, number)`);
    this.addSql(`create index certificate_number_idx on certification.certificate (number)`);
    this.addSql(`create index certificate_search_idx on certification.certificate
      using gin ((number || ' ' || holder_name || ' ' || scope) gin_trgm_ops)`);
  }
}
