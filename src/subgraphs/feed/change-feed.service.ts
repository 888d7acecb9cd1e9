import type { Em } from "../../platform/database/orm";
import { pgArray } from "../../platform/database/sql";
import { badUserInput } from "../../platform/errors";
import type { ChangeKind } from "../../platform/feed/change-kind";
import type { ProvinceCode } from "../../platform/province";
import type { ChangeMatch, ChangeRow } from "./change-row";

export interface RawRow {
  id: string | number;
  kind: string;
  province: string | null;
  subject_id: string;
  occurred_at: Date | string;
}

const COLUMNS = "c.id, c.kind, c.province, c.subject_id, c.occurred_at";

/** Every event after $1, in id order, up to $2: what the process-wide tail reads (pg placeholders). */
export const TAIL_SQL = `select ${COLUMNS} from outbox.change_event c where c.id > $1 order by c.id limit $2`;

export function toRow(raw: RawRow): ChangeRow {
  return {
    id: Number(raw.id),
    kind: raw.kind as ChangeKind,
    province: raw.province as ProvinceCode | null,
    subjectId: raw.subject_id,
    occurredAt: raw.occurred_at instanceof Date ? raw.occurred_at : new Date(raw.occurred_at),
  };
}

/** `and ...` conditions of a filter, with their parameters; null arrays match everything. */
function filterSql(filter: ChangeMatch): { sql: string; params: unknown[] } {
  const kinds = filter.kinds?.length ? pgArray(filter.kinds) : null;
  const provinces = filter.provinces?.length ? pgArray(filter.provinces) : null;
  return {
    sql: "and (?::text[] is null or c.kind = any(?::text[])) and (?::text[] is null or c.province = any(?::text[]))",
    params: [kinds, kinds, provinces, provinces],
  };
}

/**
 * Reads the outbox. Every read is one statement, so it sees one snapshot; and because event ids are
 * drawn in commit order (see appendChanges), a snapshot that sees id N sees every committed id below N.
 */
export class ChangeFeedStore {
  constructor(private readonly em: Em) {}

  private async sql<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em.fork().execute<T[]>(sql, params);
  }

  /** The newest committed id (0 for an empty feed). */
  async head(): Promise<number> {
    const [row] = await this.sql<{ head: string | number }>(
      "select greatest(coalesce((select max(id) from outbox.change_event), 0), (select pruned_through from feed.retention)) as head",
    );
    return Number(row?.head ?? 0);
  }

  /** A page of matching events after `afterId` (the polling query). */
  async page(afterId: number, filter: ChangeMatch, limit: number): Promise<ChangeRow[]> {
    const where = filterSql(filter);
    const rows = await this.sql<RawRow>(
      `select ${COLUMNS} from outbox.change_event c where c.id > ? ${where.sql} order by c.id limit ?`,
      [afterId, ...where.params, limit],
    );
    return rows.map(toRow);
  }

  /**
   * Matching events after `afterId` and how far the scan reached: when fewer than `limit` match, every
   * event up to the snapshot's head has been looked at, so a subscriber may move past non-matching ones.
   */
  async scan(afterId: number, filter: ChangeMatch, limit: number): Promise<{ rows: ChangeRow[]; scannedTo: number }> {
    const where = filterSql(filter);
    const raw = await this.sql<RawRow & { head: string | number }>(
      `select h.head, e.* from (select coalesce(max(id), 0) as head from outbox.change_event) h
       left join lateral (
         select ${COLUMNS} from outbox.change_event c where c.id > ? and c.id <= h.head ${where.sql} order by c.id limit ?
       ) e on true`,
      [afterId, ...where.params, limit],
    );
    const rows = raw.filter((r) => r.id !== null).map(toRow);
    const head = Number(raw[0]?.head ?? 0);
    const scannedTo = rows.length === limit ? rows[rows.length - 1]!.id : Math.max(afterId, head);
    return { rows, scannedTo };
  }

  /** Events up to this id were pruned by retention. */
  async prunedThrough(): Promise<number> {
    const [row] = await this.sql<{ pruned_through: string | number }>("select pruned_through from feed.retention");
    return Number(row?.pruned_through ?? 0);
  }

  /** A cursor whose successors may have been pruned cannot be resumed: the partner must resync. */
  async assertResumable(afterId: number | undefined): Promise<void> {
    if (afterId === undefined) return;
    const pruned = await this.prunedThrough();
    if (afterId < pruned) {
      throw badUserInput(
        "CURSOR_EXPIRED",
        "This cursor is older than the feed's retention period: resync from the queries, then follow the feed without `after`",
        "after",
      );
    }
  }
}
