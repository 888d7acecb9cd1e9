import DataLoader from "dataloader";
import type { RequestContext } from "../../platform/graphql/context";
import { listAgreements } from "./agreement.service";
import { decideRecognition, type Decision, type RecognitionQuery } from "./decision.service";
import type { AgreementFacts } from "./recognition.facts";

/** The agreements, read once per request whatever asks for them (decisions, the list, references). */
export const agreementsOf = (ctx: RequestContext): Promise<AgreementFacts[]> =>
  ctx.loaders.get("recognition.agreements", () => listAgreements(ctx.em));

/**
 * `recognition` on every certificate and metrology result of a request (a page of 100, the entities
 * of a federated fetch) decided in one batch: the read services run once for all of them.
 */
export const decisionLoader = (ctx: RequestContext) =>
  ctx.loaders.get("recognition.decision", () =>
    new DataLoader<RecognitionQuery, Decision, string>((queries) => decideRecognition(ctx.em, queries, agreementsOf(ctx)), {
      cacheKeyFn: (q) => `${q.kind ?? ""}|${q.subjectId}|${q.targetProvince}|${q.asOf}`,
      maxBatchSize: 5000,
    }),
  );
