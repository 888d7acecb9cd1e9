import { ChangeKind } from "../../platform/feed/change-kind";
import { encodeCursor } from "../../platform/graphql/pagination";
import type { ProvinceCode } from "../../platform/province";
import type { ChangeEvent } from "./change.type";

/** One outbox row; ids fit a JS number (2^53) for any realistic feed. */
export interface ChangeRow {
  id: number;
  kind: ChangeKind;
  province: ProvinceCode | null;
  subjectId: string;
  occurredAt: Date;
}

export interface ChangeMatch {
  kinds?: readonly string[] | null;
  provinces?: readonly string[] | null;
}

export const CHANGE_CURSOR = "change";

/** The same test the SQL applies, for events already in memory. */
export function matches(row: ChangeRow, filter: ChangeMatch): boolean {
  if (filter.kinds?.length && !filter.kinds.includes(row.kind)) return false;
  if (filter.provinces?.length && (row.province === null || !filter.provinces.includes(row.province))) return false;
  return true;
}

export function toChangeEvent(row: ChangeRow): ChangeEvent {
  const kind = row.kind;
  return {
    cursor: encodeCursor(CHANGE_CURSOR, row.id),
    kind,
    province: row.province,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt,
    certificate: kind === ChangeKind.CERTIFICATE_UPSERTED || kind === ChangeKind.CERTIFICATE_STATUS_CHANGED ? { id: row.subjectId } : null,
    metrologyResult: kind === ChangeKind.METROLOGY_RESULT_UPSERTED ? { id: row.subjectId } : null,
    standard: kind === ChangeKind.STANDARD_UPSERTED || kind === ChangeKind.STANDARD_SUPERSEDED ? { code: row.subjectId } : null,
    agreement: kind === ChangeKind.AGREEMENT_UPSERTED ? { id: row.subjectId } : null,
  };
}
