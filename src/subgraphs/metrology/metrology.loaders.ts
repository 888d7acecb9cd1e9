import DataLoader from "dataloader";
import { pgArray } from "../../platform/database/sql";
import type { RequestContext } from "../../platform/graphql/context";
import { keyedLoader } from "../../platform/loaders";
import { MetrologyResultEntity } from "./metrology-result.entity";
import { toMetrologyResult, type MetrologyResult } from "./metrology-result.type";
import { fromMetrologyId } from "./metrology-id";

/** By public id ("M42"); malformed ids never reach the database and resolve to null. */
export const metrologyResultLoader = (ctx: RequestContext) =>
  ctx.loaders.get("metrology.result", () =>
    keyedLoader(
      async (ids: readonly string[]) => {
        const dbIds = ids.map(fromMetrologyId).filter((id): id is string => id !== null);
        if (!dbIds.length) return [];
        const rows = await ctx.em.find(MetrologyResultEntity, { id: { $in: dbIds } });
        return rows.map(toMetrologyResult);
      },
      (r: MetrologyResult) => r.id,
      { cacheKey: (id: string) => id.trim() },
    ),
  );

interface OwnerPageKey {
  uscc: string;
  first: number;
  afterId?: string;
}

const cacheKey = (k: OwnerPageKey) => `${k.uscc}:${k.first}:${k.afterId ?? ""}`;

/**
 * `Enterprise.metrologyResults` for a whole page of enterprises in one statement: a window over the
 * owners' results keeps the first `first + 1` of each.
 */
export const ownerResultsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("metrology.ownerResults", () =>
    new DataLoader<OwnerPageKey, MetrologyResult[], string>(
      async (keys) => {
        const groups = new Map<string, OwnerPageKey[]>();
        for (const key of keys) {
          const group = `${key.first}:${key.afterId ?? ""}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const byKey = new Map<string, MetrologyResult[]>();
        for (const group of groups.values()) {
          const { first, afterId } = group[0]!;
          const rows: Record<string, unknown>[] = await ctx.em.execute(
            `select * from (
               select r.*, row_number() over (partition by r.owner_uscc order by r.id) as rn
               from metrology.result r where r.owner_uscc = any(?::text[]) and r.id > ?
             ) ranked where rn <= ? order by owner_uscc, id`,
            [pgArray(group.map((k) => k.uscc)), afterId ?? "0", first + 1],
          );
          for (const row of rows) {
            const { rn: _rn, ...columns } = row;
            const result = toMetrologyResult(ctx.em.map(MetrologyResultEntity, columns));
            const key = cacheKey({ uscc: result.ownerUscc, first, afterId });
            byKey.set(key, [...(byKey.get(key) ?? []), result]);
          }
        }
        return keys.map((k) => byKey.get(cacheKey(k)) ?? []);
      },
      { cacheKeyFn: cacheKey },
    ),
  );

export const ownerResultCountLoader = (ctx: RequestContext) =>
  ctx.loaders.get("metrology.ownerResultCount", () =>
    new DataLoader<string, number>(async (usccs) => {
      const rows: { owner_uscc: string; n: number }[] = await ctx.em.execute(
        `select owner_uscc, count(*)::int as n from metrology.result where owner_uscc = any(?::text[]) group by owner_uscc`,
        [pgArray(usccs)],
      );
      const counts = new Map(rows.map((r) => [r.owner_uscc, r.n]));
      return usccs.map((u) => counts.get(u) ?? 0);
    }),
  );
