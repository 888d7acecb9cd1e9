import type { RequestContext } from "../../platform/graphql/context";
import { certificateLoader } from "./certificate.loaders";

export const certificationReferences = {
  Certificate: (ref: { id: string }, ctx: RequestContext) => (/^\d{1,18}$/.test(ref.id) ? certificateLoader(ctx).load(ref.id) : null),
  // Enterprise is owned by the registry; here it only carries `certificates`, which needs just the key.
  Enterprise: (ref: { uscc: string }) => ({ uscc: ref.uscc }),
};
