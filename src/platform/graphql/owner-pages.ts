import DataLoader from "dataloader";
import { pgArray } from "../database/sql";
import type { Em } from "../database/orm";

export interface OwnerPageKey {
  owner: string;
  first: number;
  afterId?: string;
}

interface OwnedTable {
  /** Schema-qualified table with a bigint `id`. */
  table: string;
  /** The column naming the owner (e.g. the holder's USCC). */
  ownerColumn: string;
}

const pageKey = (k: OwnerPageKey) => `${k.owner}:${k.first}:${k.afterId ?? ""}`;

/**
 * A nested connection (an enterprise's certificates, its metrology results) for a whole page of owners
 * in one statement per page shape: a window over the owners' rows keeps the first `first + 1` of each.
 */
export function ownerPagesLoader<T>(em: Em, source: OwnedTable, map: (row: Record<string, unknown>) => T): DataLoader<OwnerPageKey, T[], string> {
  return new DataLoader<OwnerPageKey, T[], string>(
    async (keys) => {
      const shapes = new Map<string, OwnerPageKey[]>();
      for (const key of keys) {
        const shape = `${key.first}:${key.afterId ?? ""}`;
        shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
      }
      const pages = new Map<string, T[]>();
      for (const group of shapes.values()) {
        const { first, afterId } = group[0]!;
        const rows: Record<string, unknown>[] = await em.execute(
          `select * from (
             select t.*, row_number() over (partition by t.${source.ownerColumn} order by t.id) as owner_rank
             from ${source.table} t where t.${source.ownerColumn} = any(?::text[]) and t.id > ?
           ) ranked where owner_rank <= ? order by ${source.ownerColumn}, id`,
          [pgArray(group.map((k) => k.owner)), afterId ?? "0", first + 1],
        );
        for (const { owner_rank: _rank, ...columns } of rows) {
          const key = pageKey({ owner: String(columns[source.ownerColumn]), first, afterId });
          pages.set(key, [...(pages.get(key) ?? []), map(columns)]);
        }
      }
      return keys.map((k) => pages.get(pageKey(k)) ?? []);
    },
    { cacheKeyFn: pageKey },
  );
}

/** The totals of those nested connections, one grouped count for all owners of a request. */
export function ownerCountLoader(em: Em, source: OwnedTable): DataLoader<string, number> {
  return new DataLoader<string, number>(async (owners) => {
    const rows: { owner: string; n: number }[] = await em.execute(
      `select ${source.ownerColumn} as owner, count(*)::int as n from ${source.table} where ${source.ownerColumn} = any(?::text[]) group by 1`,
      [pgArray(owners)],
    );
    const counts = new Map(rows.map((r) => [r.owner, r.n]));
    return owners.map((owner) => counts.get(owner) ?? 0);
  });
}
