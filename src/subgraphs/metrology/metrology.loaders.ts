import type { RequestContext } from "../../platform/graphql/context";
import { readRows, rowMapper } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { keyedLoader } from "../../platform/loaders";
import { ownerCountLoader, ownerPagesLoader } from "../../platform/graphql/owner-pages";
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
        const rows = await readRows(ctx.em, MetrologyResultEntity, `select * from metrology.result where id = any(?::bigint[])`, [pgArray(dbIds)]);
        return rows.map(toMetrologyResult);
      },
      (r: MetrologyResult) => r.id,
      { cacheKey: (id: string) => id.trim() },
    ),
  );

const RESULTS_BY_OWNER = { table: "metrology.result", ownerColumn: "owner_uscc" };

/** `Enterprise.metrologyResults` for a whole page of enterprises in one statement. */
export const ownerResultsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("metrology.ownerResults", () => {
    const map = rowMapper(ctx.em, MetrologyResultEntity);
    return ownerPagesLoader(ctx.em, RESULTS_BY_OWNER, (row) => toMetrologyResult(map(row)));
  });

export const ownerResultCountLoader = (ctx: RequestContext) =>
  ctx.loaders.get("metrology.ownerResultCount", () => ownerCountLoader(ctx.em, RESULTS_BY_OWNER));
