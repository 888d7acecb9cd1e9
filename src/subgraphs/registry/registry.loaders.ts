import type { RequestContext } from "../../platform/graphql/context";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { AccreditationEntity } from "./accreditation.entity";
import { EnterpriseEntity } from "./enterprise.entity";
import { InstitutionEntity } from "./institution.entity";

export const enterpriseLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.enterprise", () =>
    keyedLoader((usccs: readonly string[]) => ctx.em.find(EnterpriseEntity, { uscc: { $in: [...usccs] } }), (e) => e.uscc),
  );

export const institutionLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.institution", () =>
    keyedLoader((ids: readonly string[]) => ctx.em.find(InstitutionEntity, { id: { $in: [...ids] } }), (i) => i.id),
  );

export const accreditationsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.accreditations", () =>
    groupedLoader(
      (ids: readonly string[]) => ctx.em.find(AccreditationEntity, { institutionId: { $in: [...ids] } }, { orderBy: { scheme: "asc", number: "asc" } }),
      (a) => a.institutionId,
    ),
  );
