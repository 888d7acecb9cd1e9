import type { RequestContext } from "../../platform/graphql/context";
import { agreementsOf } from "./recognition.loaders";

/**
 * Certificate and MetrologyResult are owned elsewhere; here they only carry `recognition`, which needs
 * just the key (the decision reads the rest in one batch). Agreements come from the per-request list.
 */
export const recognitionReferences = {
  Certificate: (ref: { id: string }) => ({ id: ref.id }),
  MetrologyResult: (ref: { id: string }) => ({ id: ref.id }),
  RecognitionAgreement: async (ref: { id: string }, ctx: RequestContext) => (await agreementsOf(ctx)).find((a) => a.id === ref.id) ?? null,
};
