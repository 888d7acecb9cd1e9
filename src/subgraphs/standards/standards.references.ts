import type { RequestContext } from "../../platform/graphql/context";
import { standardLoader } from "./standards.loaders";

/**
 * A certificate may cite a code that no one has imported as a standard yet. Its reference resolves to
 * null: the gateway then reports the missing standard as an error at that path, and the certificate's
 * own subgraph fields stay as they are. Inventing a title or dates for it would be worse.
 */
export const standardsReferences = {
  Standard: (ref: { code: string }, ctx: RequestContext) => standardLoader(ctx).load(ref.code),
};
