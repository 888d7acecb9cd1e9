import type { Em } from "../../platform/database/orm";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { today, type IsoDate } from "../../platform/dates";
import { normaliseStandardCode } from "../../platform/validation/standard-code";
import { StandardEntity } from "./standard.entity";
import { STATUS_SQL } from "./standard-status";
import { executeRead } from "../../platform/database/replicas";

export interface StandardQuery {
  kinds?: string[] | null;
  provinces?: string[] | null;
  statuses?: string[] | null;
  search?: string | null;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function buildWhere(filter: StandardQuery, on: IsoDate) {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter.kinds?.length) {
    sql.push(`s.kind = any(?::text[])`);
    params.push(pgArray(filter.kinds));
  }
  if (filter.provinces?.length) {
    sql.push(`s.province = any(?::text[])`);
    params.push(pgArray(filter.provinces));
  }
  if (filter.statuses?.length) {
    sql.push(`(${STATUS_SQL}) = any(?::text[])`);
    params.push(on, on, on, pgArray(filter.statuses));
  }
  const search = filter.search?.trim();
  if (search) {
    // Codes are searched in their normalised form, so "ＧＢ／Ｔ19001" finds "GB/T 19001-2016"; the raw text serves titles.
    const code = normaliseStandardCode(search);
    sql.push(`((s.code || ' ' || s.title) ilike ? or (s.code || ' ' || s.title) ilike ?)`);
    params.push(`%${escapeLike(search)}%`, `%${escapeLike(code)}%`);
  }
  return { sql, params };
}

/** One page in code order, by keyset on the code. */
export async function findStandards(em: Em, filter: StandardQuery, first: number, afterCode?: string): Promise<StandardEntity[]> {
  const where = buildWhere(filter, today());
  if (afterCode !== undefined) {
    where.sql.push(`s.code > ?`);
    where.params.push(afterCode);
  }
  const clause = where.sql.length ? `where ${where.sql.join(" and ")}` : "";
  return readRows(em, StandardEntity, `select s.* from standards.standard s ${clause} order by s.code limit ?`, [...where.params, first + 1]);
}

export async function countStandards(em: Em, filter: StandardQuery): Promise<number> {
  const where = buildWhere(filter, today());
  const clause = where.sql.length ? `where ${where.sql.join(" and ")}` : "";
  const [row] = await executeRead(em, `select count(*)::int as n from standards.standard s ${clause}`, where.params);
  return (row as { n: number }).n;
}
