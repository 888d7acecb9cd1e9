import type { Em } from "../../platform/database/orm";
import { pgArray } from "../../platform/database/sql";
import type { ProvinceCode } from "../../platform/province";
import { executeRead } from "../../platform/database/replicas";

/**
 * The certification subgraph's read service for other subgraphs (recognition): plain records with
 * their status history, no entities, one statement for any number of ids.
 */
export interface CertificateStatusEntry {
  /** The stored status: ACTIVE, SUSPENDED, WITHDRAWN or CANCELLED. */
  status: string;
  /** When it was recorded, ISO-8601 UTC. */
  at: string;
  /** The China Standard Time day it took effect (the day of `at` in UTC+8). */
  effectiveOn: string;
}

export interface CertificateRecord {
  id: string;
  number: string;
  kind: "PRODUCT" | "MANAGEMENT_SYSTEM" | "SERVICE";
  scheme: string;
  province: ProvinceCode;
  issuerId: string;
  holderUscc: string;
  standardCodes: string[];
  issuedOn: string;
  validUntil: string;
  /** The stored status today; EXPIRED is not stored but follows from validUntil. */
  status: string;
  /** Every status change in the order recorded, the first at the issue date. */
  history: CertificateStatusEntry[];
}

const CERTIFICATE_ID = /^\d{1,18}$/;

export function certificationReader(em: Em) {
  return {
    /** Ids that are not certificate ids (digits) are simply not found. */
    async certificates(ids: readonly string[]): Promise<Map<string, CertificateRecord>> {
      const wanted = [...new Set(ids.filter((id) => CERTIFICATE_ID.test(id)))];
      if (!wanted.length) return new Map();
      const rows = await executeRead<CertificateRecord>(em, 
        `select c.id::text as id, c.number, c.kind, c.scheme, c.province, c.issuer_id as "issuerId", c.holder_uscc as "holderUscc",
                c.standard_codes as "standardCodes", c.issued_on::text as "issuedOn", c.valid_until::text as "validUntil", c.status,
                coalesce((select jsonb_agg(jsonb_build_object(
                            'status', h.status,
                            'at', to_char(h.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'effectiveOn', (h.at at time zone 'Asia/Shanghai')::date::text) order by h.at, h.id)
                          from certification.status_history h where h.certificate_id = c.id), '[]') as history
         from certification.certificate c where c.id = any(?::bigint[])`,
        [pgArray(wanted)],
      );
      return new Map(rows.map((row) => [row.id, row]));
    },
  };
}

export type CertificationReader = ReturnType<typeof certificationReader>;
