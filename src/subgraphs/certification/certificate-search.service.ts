import type { Em } from "../../platform/database/orm";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { today, type IsoDate } from "../../platform/dates";
import { parseStandardCode } from "../../platform/validation/standard-code";
import { normaliseUscc } from "../../platform/validation/uscc";
import { CertificateEntity } from "./certificate.entity";
import { CertificateStatus } from "./certificate.enums";
import { executeRead } from "../../platform/database/replicas";

export interface CertificateQuery {
  provinces?: string[] | null;
  statuses?: CertificateStatus[] | null;
  kinds?: string[] | null;
  holderUscc?: string | null;
  issuerId?: string | null;
  standardCode?: string | null;
  validOn?: IsoDate | null;
  search?: string | null;
}

interface Where {
  sql: string[];
  params: unknown[];
}

/** A derived status as SQL: EXPIRED covers ACTIVE and SUSPENDED past validUntil. */
function statusCondition(status: CertificateStatus, on: IsoDate, where: Where): string {
  switch (status) {
    case CertificateStatus.EXPIRED:
      where.params.push(on);
      return `(c.status in ('ACTIVE', 'SUSPENDED') and c.valid_until < ?::date)`;
    case CertificateStatus.ACTIVE:
    case CertificateStatus.SUSPENDED:
      where.params.push(status, on);
      return `(c.status = ? and c.valid_until >= ?::date)`;
    default:
      where.params.push(status);
      return `(c.status = ?)`;
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function buildWhere(filter: CertificateQuery, on: IsoDate): Where {
  const where: Where = { sql: [], params: [] };
  const add = (sql: string, ...params: unknown[]) => {
    where.sql.push(sql);
    where.params.push(...params);
  };
  // One value as an equality: PostgreSQL 15 reads (province, status, id) in id order only for `=`, not
  // for `= any(array)`; a regulator's page of a rare status otherwise scans the primary key and filters.
  const oneOf = (column: string, values: readonly string[]) =>
    values.length === 1 ? add(`${column} = ?`, values[0]) : add(`${column} = any(?::text[])`, pgArray(values));
  if (filter.provinces?.length) oneOf("c.province", filter.provinces);
  if (filter.kinds?.length) oneOf("c.kind", filter.kinds);
  if (filter.holderUscc) add(`c.holder_uscc = ?`, normaliseUscc(filter.holderUscc));
  if (filter.issuerId) add(`c.issuer_id = ?`, filter.issuerId);
  if (filter.standardCode) add(`c.standard_codes @> ?::text[]`, pgArray([parseStandardCode(filter.standardCode, "filter.standardCode").code]));
  if (filter.validOn) add(`c.issued_on <= ?::date and c.valid_until >= ?::date`, filter.validOn, filter.validOn);
  // The expression of certificate_search_idx, collation included (see Migration20261126000100).
  if (filter.search?.trim()) add(`((c.number || ' ' || c.holder_name || ' ' || c.scope) collate "default") ilike ?`, `%${escapeLike(filter.search.trim())}%`);
  if (filter.statuses?.length) {
    const parts = [...new Set(filter.statuses)].map((s) => statusCondition(s, on, where));
    where.sql.push(`(${parts.join(" or ")})`);
  }
  return where;
}

/** One page by keyset on id (stable under inserts), and the total on demand. */
export async function findCertificates(em: Em, filter: CertificateQuery, first: number, afterId?: string) {
  const where = buildWhere(filter, today());
  const conditions = [...where.sql];
  const params = [...where.params];
  if (afterId) {
    conditions.push(`c.id > ?`);
    params.push(afterId);
  }
  const clause = conditions.length ? `where ${conditions.join(" and ")}` : "";
  return readRows(em, CertificateEntity, `select c.* from certification.certificate c ${clause} order by c.id limit ?`, [...params, first + 1]);
}

/** Every certificate with this number (numbers are unique per issuer only), at most 100. */
export function findCertificatesByNumber(em: Em, number: string) {
  return readRows(em, CertificateEntity, `select * from certification.certificate where number = ? order by id limit 100`, [number.trim()]);
}

export async function countCertificates(em: Em, filter: CertificateQuery): Promise<number> {
  const where = buildWhere(filter, today());
  const clause = where.sql.length ? `where ${where.sql.join(" and ")}` : "";
  const [row] = await executeRead(em, `select count(*)::int as n from certification.certificate c ${clause}`, where.params);
  return (row as { n: number }).n;
}
