import type { RequestContext } from "../../platform/graphql/context";
import { metrologyResultLoader } from "./metrology.loaders";

export const metrologyReferences = {
  MetrologyResult: (ref: { id: string }, ctx: RequestContext) => metrologyResultLoader(ctx).load(ref.id),
  // Enterprise is owned by the registry; here it only carries `metrologyResults`, which needs just the key.
  Enterprise: (ref: { uscc: string }) => ({ uscc: ref.uscc }),
};
