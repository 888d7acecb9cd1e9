import { Migration } from "@mikro-orm/migrations";

/**
 * The audit log: who did which mutation or regulator query, on what, when. Append-only: a trigger
 * refuses UPDATE, DELETE and TRUNCATE for every role, the owner and superusers included (a REVOKE
 * alone would not bind the platform's own database user, which owns the table).
 */
export class Migration20261125000800_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists audit`);
    this.addSql(`create table audit.entry (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      request_id text,
      subgraph text not null,
      actor_sub text,
      actor_role text not null,
      actor_scope text,
      operation_type text not null,
      operation_name text,
      root_fields text[] not null,
      subjects jsonb not null default '{}'::jsonb,
      outcome text not null
    )`);
    this.addSql(`create index entry_at_idx on audit.entry (at)`);
    this.addSql(`create index entry_actor_idx on audit.entry (actor_sub, at)`);
    this.addSql(`create function audit.refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit.entry is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
      end
    $$`);
    this.addSql(`create trigger entry_append_only before update or delete on audit.entry
      for each row execute function audit.refuse_change()`);
    this.addSql(`create trigger entry_no_truncate before truncate on audit.entry
      for each statement execute function audit.refuse_change()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema audit cascade`);
  }
}
