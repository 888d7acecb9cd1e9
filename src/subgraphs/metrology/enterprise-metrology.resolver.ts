import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../platform/graphql/context";
import { decodeIdCursor, encodeCursor, pageSize, toPage } from "../../platform/graphql/pagination";
import { MetrologyResultConnection } from "./metrology-result.type";
import { ownerResultCountLoader, ownerResultsLoader } from "./metrology.loaders";
import { METROLOGY_CURSOR } from "./metrology.resolver";
import { Enterprise } from "./references.type";

@Resolver(() => Enterprise)
export class EnterpriseMetrologyResolver {
  @FieldResolver(() => MetrologyResultConnection, { description: "The enterprise's calibration and verification results, FAIL included" })
  async metrologyResults(
    @Root() enterprise: Enterprise,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const rows = await ownerResultsLoader(ctx).load({ owner: enterprise.uscc, first: size, afterId: decodeIdCursor(METROLOGY_CURSOR, after) });
    const page = toPage(rows, size, (r) => encodeCursor(METROLOGY_CURSOR, r.dbId));
    return { ...page, countTotal: () => ownerResultCountLoader(ctx).load(enterprise.uscc) };
  }
}
