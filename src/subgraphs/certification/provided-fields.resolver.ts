import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../platform/graphql/context";
import { issuerAccreditationsLoader, partyNameLoader } from "./certificate.loaders";
import { Accreditation } from "../registry/institution.type";
import { Enterprise, Institution } from "./references.type";

/**
 * The fields `Certificate.holder` and `Certificate.issuer` provide: names, and an issuer's
 * accreditations. Only asked for on those paths (the gateway plans every other `name` and
 * `accreditations` to the registry), and only when a query selects them.
 */
@Resolver(() => Enterprise)
export class ProvidedHolderResolver {
  @FieldResolver(() => String)
  name(@Root() holder: Enterprise, @Ctx() ctx: RequestContext): string | Promise<string> {
    return required(partyNameLoader(ctx).load({ holder: holder.uscc }), `enterprise ${holder.uscc}`);
  }
}

@Resolver(() => Institution)
export class ProvidedIssuerResolver {
  @FieldResolver(() => String)
  name(@Root() issuer: Institution, @Ctx() ctx: RequestContext): string | Promise<string> {
    return required(partyNameLoader(ctx).load({ issuer: issuer.id }), `institution ${issuer.id}`);
  }

  @FieldResolver(() => [Accreditation])
  accreditations(@Root() issuer: Institution, @Ctx() ctx: RequestContext): Accreditation[] | Promise<Accreditation[]> {
    return issuerAccreditationsLoader(ctx).load(issuer.id);
  }
}

/**
 * Imports check that holder and issuer are registered, and the registry deletes neither. In place when
 * the page loaded its names ahead (loadProvidedAhead), else once the batch is in.
 */
function required(name: string | null | Promise<string | null>, what: string): string | Promise<string> {
  if (name instanceof Promise) return name.then((loaded) => required(loaded, what));
  if (name === null) throw new Error(`The registry has no ${what}, which a certificate names`);
  return name;
}
