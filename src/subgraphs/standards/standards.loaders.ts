import type { RequestContext } from "../../platform/graphql/context";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { normaliseStandardCode } from "../../platform/validation/standard-code";
import { StandardEntity } from "./standard.entity";

/** By code, normalised: references from other subgraphs may carry a code as it was typed. */
export const standardLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.standard", () =>
    keyedLoader(
      (codes: readonly string[]) =>
        readRows(ctx.em, StandardEntity, `select * from standards.standard where code = any(?::text[])`, [pgArray(codes.map((c) => normaliseStandardCode(c)))]),
      (s) => s.code,
      { cacheKey: (code: string) => normaliseStandardCode(code) },
    ),
  );

/** The standards a code supersedes: those whose derived successor it is. */
export const supersededStandardsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.supersedes", () =>
    groupedLoader(
      (codes: readonly string[]) =>
        readRows(ctx.em, StandardEntity, `select * from standards.standard where superseded_by = any(?::text[]) order by code`, [pgArray(codes)]),
      (s) => s.supersededBy!,
    ),
  );

/** Every code of a group; the resolver leaves out the standard asking. */
export const groupMembersLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.groupMembers", () =>
    groupedLoader(
      (groupKeys: readonly string[]) =>
        readRows(ctx.em, StandardEntity, `select * from standards.standard where group_key = any(?::text[]) order by code`, [pgArray(groupKeys)]),
      (s) => s.groupKey,
    ),
  );
