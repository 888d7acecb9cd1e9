import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../platform/graphql/context";
import { ImportResult, MAX_IMPORT_BATCH } from "../../platform/graphql/import-result.type";
import { limitExceeded } from "../../platform/errors";
import { PROVINCES } from "../../platform/province";
import { normaliseUscc } from "../../platform/validation/uscc";
import { Accreditation, Institution } from "./institution.type";
import { Enterprise } from "./enterprise.type";
import { Province } from "./province.type";
import { EnterpriseInput, InstitutionInput } from "./registry.inputs";
import { accreditationsLoader, enterpriseLoader, institutionLoader } from "./registry.loaders";
import { importEnterprises } from "./enterprise.service";
import { importInstitutions } from "./institution.service";

const checkBatch = (records: unknown[]) => {
  if (records.length > MAX_IMPORT_BATCH) throw limitExceeded(`An import takes at most ${MAX_IMPORT_BATCH} records; use npm run import for files`);
};

@Resolver()
export class RegistryResolver {
  @Query(() => [Province])
  provinces(): Province[] {
    return [...PROVINCES];
  }

  @Query(() => Enterprise, { nullable: true })
  enterprise(@Arg("uscc", () => String) uscc: string, @Ctx() ctx: RequestContext) {
    return enterpriseLoader(ctx).load(normaliseUscc(uscc));
  }

  @Query(() => Institution, { nullable: true })
  institution(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return institutionLoader(ctx).load(id);
  }

  @Authorized("admin", "issuer")
  @Mutation(() => ImportResult)
  async importEnterprises(@Arg("records", () => [EnterpriseInput]) records: EnterpriseInput[], @Ctx() ctx: RequestContext) {
    checkBatch(records);
    return importEnterprises(ctx.em, records);
  }

  @Authorized("admin")
  @Mutation(() => ImportResult)
  async importInstitutions(@Arg("records", () => [InstitutionInput]) records: InstitutionInput[], @Ctx() ctx: RequestContext) {
    checkBatch(records);
    return importInstitutions(ctx.em, records);
  }
}

@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => [Accreditation])
  accreditations(@Root() institution: Institution, @Ctx() ctx: RequestContext) {
    return accreditationsLoader(ctx).load(institution.id);
  }
}
