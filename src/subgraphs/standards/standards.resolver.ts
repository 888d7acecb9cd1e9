import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { today } from "../../platform/dates";
import { limitExceeded } from "../../platform/errors";
import type { RequestContext } from "../../platform/graphql/context";
import { ImportResult, MAX_IMPORT_BATCH } from "../../platform/graphql/import-result.type";
import { decodeCursor, encodeCursor, pageSize, toPage, type CountedPage } from "../../platform/graphql/pagination";
import { StandardEntity, type StandardRow } from "./standard.entity";
import { Standard, StandardConnection } from "./standard.type";
import { StandardFilter, StandardInput } from "./standards.inputs";
import { StandardStatus } from "./standards.enums";
import { groupMembersLoader, standardLoader, supersededStandardsLoader } from "./standards.loaders";
import { countStandards, findStandards } from "./standard-search.service";
import { importStandards } from "./standard-import.service";
import { standardStatusOn } from "./standard-status";

export const STANDARD_CURSOR = "standard";

@Resolver(() => Standard)
export class StandardResolver {
  @Query(() => Standard, { nullable: true, description: "By code, in any spelling that normalises to it" })
  standard(@Arg("code", () => String) code: string, @Ctx() ctx: RequestContext) {
    return standardLoader(ctx).load(code);
  }

  @Query(() => StandardConnection)
  async standards(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => StandardFilter, { nullable: true }) filter?: StandardFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const rows = await findStandards(ctx.em, filter ?? {}, size, decodeCursor(STANDARD_CURSOR, after));
    const page = toPage(rows, size, (s) => encodeCursor(STANDARD_CURSOR, s.code));
    return { ...page, countTotal: () => countStandards(ctx.em, filter ?? {}) };
  }

  @Authorized("admin", "regulator")
  @Mutation(() => ImportResult)
  importStandards(@Arg("records", () => [StandardInput]) records: StandardInput[], @Ctx() ctx: RequestContext) {
    if (records.length > MAX_IMPORT_BATCH) throw limitExceeded(`An import takes at most ${MAX_IMPORT_BATCH} records; use npm run import for files`);
    return importStandards(ctx.em, records, ctx.viewer);
  }

  @FieldResolver(() => StandardStatus, { description: "As of today" })
  status(@Root() standard: StandardRow): StandardStatus {
    return standardStatusOn(standard, today());
  }

  @FieldResolver(() => [Standard], { description: "The standards this one replaced" })
  supersedes(@Root() standard: StandardRow, @Ctx() ctx: RequestContext) {
    return supersededStandardsLoader(ctx).load(standard.code);
  }

  @FieldResolver(() => Standard, { nullable: true, description: "The standard that replaced this one, when it is imported" })
  supersededBy(@Root() standard: StandardRow, @Ctx() ctx: RequestContext) {
    return standard.supersededBy === null ? null : standardLoader(ctx).load(standard.supersededBy);
  }

  @FieldResolver(() => [Standard], { description: "The same text under another code (YRD unified standards, declared equivalents)" })
  async equivalents(@Root() standard: StandardRow, @Ctx() ctx: RequestContext) {
    const members = await groupMembersLoader(ctx).load(standard.groupKey);
    return members.filter((m) => m.code !== standard.code);
  }
}

@Resolver(() => StandardConnection)
export class StandardConnectionResolver {
  @FieldResolver(() => Int, { description: "Matches of the filter, across all pages" })
  totalCount(@Root() connection: CountedPage<StandardEntity>): Promise<number> {
    return connection.countTotal();
  }
}
