import type { RequestContext } from "../../platform/graphql/context";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { normaliseStandardCode } from "../../platform/validation/standard-code";
import { StandardEntity } from "./standard.entity";

/** By code, normalised: references from other subgraphs may carry a code as it was typed. */
export const standardLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.standard", () =>
    keyedLoader(
      (codes: readonly string[]) => ctx.em.find(StandardEntity, { code: { $in: codes.map((c) => normaliseStandardCode(c)) } }),
      (s) => s.code,
      { cacheKey: (code: string) => normaliseStandardCode(code) },
    ),
  );

/** The standards a code supersedes: those whose derived successor it is. */
export const supersededStandardsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.supersedes", () =>
    groupedLoader(
      (codes: readonly string[]) => ctx.em.find(StandardEntity, { supersededBy: { $in: [...codes] } }, { orderBy: { code: "asc" } }),
      (s) => s.supersededBy!,
    ),
  );

/** Every code of a group; the resolver leaves out the standard asking. */
export const groupMembersLoader = (ctx: RequestContext) =>
  ctx.loaders.get("standards.groupMembers", () =>
    groupedLoader(
      (groupKeys: readonly string[]) => ctx.em.find(StandardEntity, { groupKey: { $in: [...groupKeys] } }, { orderBy: { code: "asc" } }),
      (s) => s.groupKey,
    ),
  );
