import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { limitExceeded } from "../../platform/errors";
import type { RequestContext } from "../../platform/graphql/context";
import { ImportResult, MAX_IMPORT_BATCH } from "../../platform/graphql/import-result.type";
import { decodeIdCursor, encodeCursor, pageSize, toPage, type CountedPage } from "../../platform/graphql/pagination";
import { MetrologyResult, MetrologyResultConnection, toMetrologyResult } from "./metrology-result.type";
import { MetrologyResultFilter, MetrologyResultInput } from "./metrology.inputs";
import { metrologyResultLoader } from "./metrology.loaders";
import { countMetrologyResults, findMetrologyResults } from "./metrology-search.service";
import { importMetrologyResults } from "./metrology-import.service";
import { Enterprise, Institution } from "./references.type";

/** Cursors carry the stored number; the public "M" prefix is for ids only. */
export const METROLOGY_CURSOR = "metrology";

@Resolver(() => MetrologyResult)
export class MetrologyResultResolver {
  @Query(() => MetrologyResult, { nullable: true, description: 'By id, "M" followed by digits' })
  metrologyResult(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return metrologyResultLoader(ctx).load(id);
  }

  @Query(() => MetrologyResultConnection)
  async metrologyResults(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => MetrologyResultFilter, { nullable: true }) filter?: MetrologyResultFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const rows = await findMetrologyResults(ctx.em, filter ?? {}, size, decodeIdCursor(METROLOGY_CURSOR, after));
    const page = toPage(rows.map(toMetrologyResult), size, (r) => encodeCursor(METROLOGY_CURSOR, r.dbId));
    return { ...page, countTotal: () => countMetrologyResults(ctx.em, filter ?? {}) };
  }

  @Authorized("admin", "issuer")
  @Mutation(() => ImportResult)
  importMetrologyResults(@Arg("records", () => [MetrologyResultInput]) records: MetrologyResultInput[], @Ctx() ctx: RequestContext) {
    if (records.length > MAX_IMPORT_BATCH) throw limitExceeded(`An import takes at most ${MAX_IMPORT_BATCH} records; use npm run import for files`);
    return importMetrologyResults(ctx.em, records, ctx.viewer);
  }

  @FieldResolver(() => Enterprise)
  owner(@Root() result: MetrologyResult): Enterprise {
    return { uscc: result.ownerUscc };
  }

  @FieldResolver(() => Institution)
  issuer(@Root() result: MetrologyResult): Institution {
    return { id: result.issuerId };
  }
}

@Resolver(() => MetrologyResultConnection)
export class MetrologyResultConnectionResolver {
  @FieldResolver(() => Int, { description: "Matches of the filter, across all pages" })
  totalCount(@Root() connection: CountedPage<MetrologyResult>): Promise<number> {
    return connection.countTotal();
  }
}
