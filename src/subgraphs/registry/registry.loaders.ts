import type { RequestContext } from "../../platform/graphql/context";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { AccreditationEntity } from "./accreditation.entity";
import { EnterpriseEntity } from "./enterprise.entity";
import { InstitutionEntity } from "./institution.entity";

export const enterpriseLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.enterprise", () =>
    keyedLoader(
      (usccs: readonly string[]) => readRows(ctx.em, EnterpriseEntity, `select * from registry.enterprise where uscc = any(?::text[])`, [pgArray(usccs)]),
      (e) => e.uscc,
    ),
  );

export const institutionLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.institution", () =>
    keyedLoader(
      (ids: readonly string[]) => readRows(ctx.em, InstitutionEntity, `select * from registry.institution where id = any(?::text[])`, [pgArray(ids)]),
      (i) => i.id,
    ),
  );

export const accreditationsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("registry.accreditations", () =>
    groupedLoader(
      (ids: readonly string[]) =>
        readRows(ctx.em, AccreditationEntity, `select * from registry.accreditation where institution_id = any(?::text[]) order by scheme, number`, [pgArray(ids)]),
      (a) => a.institutionId,
    ),
  );
