import { Migration } from "@mikro-orm/migrations";

/**
 * The YRD unified block is six-digit local numbers 310xxx (see parseStandardCode). Before, any local
 * number beginning with 310 counted (DB32/T 3105-2016 was stored as a unified standard, REGIONAL if so
 * imported, and the equivalent of Zhejiang's unrelated DB33/T 3105-2016), and a mandatory code shared
 * the key of the recommended one with the same number. This brings stored standards to the rule:
 *
 * - unified_key as the rule gives it ("M " marks a mandatory code's key);
 * - a standard no longer unified and stored REGIONAL becomes LOCAL, with its code's province;
 * - the equivalence groups those standards were in are recomputed as the import does (a group is the
 *   codes linked by a shared unified key or a declaration, keyed by its smallest code, compared by
 *   code point as the import compares them, whatever the database's collation);
 * - every standard whose kind, province or equivalents changed gets STANDARD_UPSERTED, so that the
 *   change feed's subscribers hear of it (the unified key alone is no field of theirs).
 *
 * A database with no such standard (every one loaded from the generator) changes nothing.
 */
export class Migration20261126000400_unified_standard_numbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create temporary table unified_fix on commit drop as
      select code, new_key from (
        select s.code, s.unified_key,
               case when m[3] ~ '^310[0-9]{3}([.][0-9]+)?$' then case when m[2] is null then 'M ' else '' end || m[3] || '-' || m[4] end as new_key
        from standards.standard s, regexp_match(s.code, '^DB(3[1-4])(/T)? ([0-9]+(?:[.][0-9]+)?)-([0-9]{4})$') m
      ) k
      where unified_key is distinct from new_key`);
    // The groups the corrected standards were in, with their members before the change.
    this.addSql(`create temporary table unified_seed on commit drop as
      select s.code, s.group_key as old_group,
             array(select o.code from standards.standard o where o.group_key = s.group_key order by o.code) as old_members
      from standards.standard s
      where s.group_key in (select g.group_key from standards.standard g join unified_fix f on f.code = g.code)`);
    this.addSql(`create temporary table unified_reclassified on commit drop as
      select s.code from standards.standard s join unified_fix f on f.code = s.code where f.new_key is null and s.kind = 'REGIONAL'`);
    this.addSql(`update standards.standard s set
        unified_key = f.new_key,
        kind = case when r.code is not null then 'LOCAL' else s.kind end,
        province = case when r.code is not null then (case substr(s.code, 3, 2) when '31' then 'SH' when '32' then 'JS' when '33' then 'ZJ' else 'AH' end) else s.province end,
        updated_at = now()
      from unified_fix f left join unified_reclassified r on r.code = f.code
      where s.code = f.code`);
    // Components over both kinds of link, from every member of a touched group; edges run both ways.
    this.addSql(`create temporary table unified_group on commit drop as
      with recursive edge(a, b) as (
        select s.code, e from standards.standard s cross join unnest(s.declared_equivalents) e where exists (select 1 from standards.standard t where t.code = e)
        union
        select e, s.code from standards.standard s cross join unnest(s.declared_equivalents) e where exists (select 1 from standards.standard t where t.code = e)
        union
        select s.code, t.code from standards.standard s join standards.standard t on t.unified_key = s.unified_key and t.code <> s.code
      ),
      reach(seed, code) as (
        select code, code from unified_seed
        union
        select r.seed, e.b from reach r join edge e on e.a = r.code
      )
      select seed as code, min(code collate "C") as new_group, array_agg(code order by code) as new_members from reach group by seed`);
    this.addSql(`update standards.standard s set group_key = g.new_group, updated_at = now()
      from unified_group g where s.code = g.code and s.group_key <> g.new_group`);
    // Event ids in commit order, as appendChanges keeps them (the outbox's lock).
    this.addSql(`select pg_advisory_xact_lock(7261001)`);
    this.addSql(`insert into outbox.change_event (kind, province, subject_id)
      select 'STANDARD_UPSERTED', s.province, s.code
      from standards.standard s join unified_seed d on d.code = s.code join unified_group g on g.code = s.code
      where d.old_members <> g.new_members or s.code in (select code from unified_reclassified)
      order by s.code`);
    this.addSql(`select pg_notify('yrd_changes', '')`);
  }

  override async down(): Promise<void> {
    // The earlier rule grouped unrelated texts; there is nothing worth restoring.
  }
}
