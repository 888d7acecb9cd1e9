import type { Em } from "../../platform/database/orm";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { normaliseUscc } from "../../platform/validation/uscc";
import { MetrologyResultEntity } from "./metrology-result.entity";
import { executeRead } from "../../platform/database/replicas";

export interface MetrologyQuery {
  provinces?: string[] | null;
  kinds?: string[] | null;
  ownerUscc?: string | null;
  issuerId?: string | null;
  quantity?: string | null;
  validOn?: string | null;
}

function buildWhere(filter: MetrologyQuery) {
  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    sql.push(condition);
    params.push(...values);
  };
  if (filter.provinces?.length) add(`r.province = any(?::text[])`, pgArray(filter.provinces));
  if (filter.kinds?.length) add(`r.kind = any(?::text[])`, pgArray(filter.kinds));
  if (filter.ownerUscc) add(`r.owner_uscc = ?`, normaliseUscc(filter.ownerUscc));
  if (filter.issuerId) add(`r.issuer_id = ?`, filter.issuerId.trim());
  if (filter.quantity?.trim()) add(`r.quantity = ?`, filter.quantity.trim());
  // A result without validUntil names no end: it is valid from its measurement on.
  if (filter.validOn) add(`r.measured_on <= ?::date and (r.valid_until is null or r.valid_until >= ?::date)`, filter.validOn, filter.validOn);
  return { sql, params };
}

/** One page by keyset on the stored id (stable under inserts). */
export async function findMetrologyResults(em: Em, filter: MetrologyQuery, first: number, afterId?: string): Promise<MetrologyResultEntity[]> {
  const where = buildWhere(filter);
  if (afterId !== undefined) {
    where.sql.push(`r.id > ?`);
    where.params.push(afterId);
  }
  const clause = where.sql.length ? `where ${where.sql.join(" and ")}` : "";
  return readRows(em, MetrologyResultEntity, `select r.* from metrology.result r ${clause} order by r.id limit ?`, [...where.params, first + 1]);
}

export async function countMetrologyResults(em: Em, filter: MetrologyQuery): Promise<number> {
  const where = buildWhere(filter);
  const clause = where.sql.length ? `where ${where.sql.join(" and ")}` : "";
  const [row] = await executeRead(em, `select count(*)::int as n from metrology.result r ${clause}`, where.params);
  return (row as { n: number }).n;
}
