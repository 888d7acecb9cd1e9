import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { today } from "../../platform/dates";
import type { RequestContext } from "../../platform/graphql/context";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { RecognitionDecision } from "./decision.type";
import { SubjectKind } from "./recognition.enums";
import { decisionLoader } from "./recognition.loaders";
import { Certificate, MetrologyResult } from "./references.type";

const ASOF = { nullable: true, description: "Default: today in China Standard Time" } as const;

@Resolver(() => Certificate)
export class CertificateRecognitionResolver {
  @FieldResolver(() => RecognitionDecision, { description: "Whether this certificate is recognised in a province on a date, and why" })
  recognition(
    @Root() certificate: Certificate,
    @Arg("in", () => ProvinceCode) target: ProvinceCode,
    @Ctx() ctx: RequestContext,
    @Arg("asOf", () => DateScalar, ASOF) asOf?: string | null,
  ) {
    return decisionLoader(ctx).load({ subjectId: certificate.id, kind: SubjectKind.CERTIFICATE, targetProvince: target, asOf: asOf ?? today() });
  }
}

@Resolver(() => MetrologyResult)
export class MetrologyRecognitionResolver {
  @FieldResolver(() => RecognitionDecision, { description: "Whether this metrology result is recognised in a province on a date, and why" })
  recognition(
    @Root() result: MetrologyResult,
    @Arg("in", () => ProvinceCode) target: ProvinceCode,
    @Ctx() ctx: RequestContext,
    @Arg("asOf", () => DateScalar, ASOF) asOf?: string | null,
  ) {
    return decisionLoader(ctx).load({ subjectId: result.id, kind: SubjectKind.METROLOGY_RESULT, targetProvince: target, asOf: asOf ?? today() });
  }
}
