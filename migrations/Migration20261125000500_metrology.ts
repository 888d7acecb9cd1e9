import { Migration } from "@mikro-orm/migrations";

/** Calibration and verification results; the public id is "M" + id, so it never equals a certificate's. */
export class Migration20261125000500_metrology extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists metrology`);
    this.addSql(`create table metrology.result (
      id bigint generated always as identity primary key,
      issuer_id text not null,
      number text not null,
      kind text not null check (kind in ('CALIBRATION', 'VERIFICATION')),
      province text not null,
      owner_uscc text not null,
      instrument_name text not null,
      instrument_model text,
      serial_number text not null,
      quantity text not null,
      procedure text not null,
      measured_on date not null,
      valid_until date,
      conclusion text check (conclusion in ('PASS', 'FAIL')),
      uncertainty_value double precision,
      uncertainty_unit text,
      coverage_factor double precision,
      traceability text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (issuer_id, number),
      check (valid_until is null or valid_until >= measured_on),
      check (kind <> 'VERIFICATION' or conclusion is not null),
      check (kind <> 'CALIBRATION' or (uncertainty_value > 0 and coverage_factor > 0 and uncertainty_unit is not null))
    )`);
    this.addSql(`create index result_owner_idx on metrology.result (owner_uscc, id)`);
    this.addSql(`create index result_issuer_idx on metrology.result (issuer_id, id)`);
    this.addSql(`create index result_province_kind_idx on metrology.result (province, kind, id)`);
    this.addSql(`create index result_quantity_idx on metrology.result (quantity, id)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema metrology cascade`);
  }
}
