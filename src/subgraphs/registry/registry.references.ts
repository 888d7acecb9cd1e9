import type { RequestContext } from "../../platform/graphql/context";
import { enterpriseLoader, institutionLoader } from "./registry.loaders";

/** Federation asks for entities one reference at a time; the loaders turn a request's worth into one query. */
export const registryReferences = {
  Enterprise: (ref: { uscc: string }, ctx: RequestContext) => enterpriseLoader(ctx).load(ref.uscc),
  Institution: (ref: { id: string }, ctx: RequestContext) => institutionLoader(ctx).load(ref.id),
};
