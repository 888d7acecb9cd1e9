import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { today } from "../../platform/dates";
import { limitExceeded } from "../../platform/errors";
import type { RequestContext } from "../../platform/graphql/context";
import { RecognitionAgreement } from "./agreement.type";
import { defineRecognitionAgreement } from "./agreement.service";
import { decideRecognition } from "./decision.service";
import { RecognitionDecision } from "./decision.type";
import { RecognitionAgreementInput, RecognitionRequest } from "./recognition.inputs";
import { agreementsOf } from "./recognition.loaders";

export const MAX_RECOGNITION_REQUESTS = 1000;

const VERIFY_DESCRIPTION = `Decides up to ${MAX_RECOGNITION_REQUESTS} requests at once, mixed certificates and metrology results and mixed target provinces; the answers come in request order. More than ${MAX_RECOGNITION_REQUESTS} requests fail whole with LIMIT_EXCEEDED. A subject that does not exist fails only its own entry: its decision is NOT_RECOGNIZED with the single reason { code: "NOT_FOUND", passed: false }, and its subjectKind is read from the id format ("M" and digits: METROLOGY_RESULT, otherwise CERTIFICATE). asOf defaults to today in China Standard Time.`;

@Resolver()
export class RecognitionResolver {
  @Query(() => [RecognitionAgreement], { description: "Every recognition agreement, by id" })
  recognitionAgreements(@Ctx() ctx: RequestContext) {
    return agreementsOf(ctx);
  }

  @Query(() => [RecognitionDecision], { description: VERIFY_DESCRIPTION })
  verifyRecognition(@Arg("requests", () => [RecognitionRequest]) requests: RecognitionRequest[], @Ctx() ctx: RequestContext) {
    if (requests.length > MAX_RECOGNITION_REQUESTS) {
      throw limitExceeded(`verifyRecognition takes at most ${MAX_RECOGNITION_REQUESTS} requests, got ${requests.length}`);
    }
    const on = today();
    const queries = requests.map((r) => ({ subjectId: r.subjectId, targetProvince: r.targetProvince, asOf: r.asOf ?? on }));
    return decideRecognition(ctx.em, queries, agreementsOf(ctx));
  }

  @Authorized("admin", "regulator")
  @Mutation(() => RecognitionAgreement, { description: "Creates or replaces (by id) an agreement; a regulator only one its province is a party to" })
  defineRecognitionAgreement(@Arg("input", () => RecognitionAgreementInput) input: RecognitionAgreementInput, @Ctx() ctx: RequestContext) {
    return defineRecognitionAgreement(ctx.em, ctx.viewer, input);
  }
}
