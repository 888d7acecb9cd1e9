import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ChangeKind } from "../../platform/feed/change-kind";
import { PageInfo } from "../../platform/graphql/pagination";
import { ProvinceCode } from "../../platform/province";
import { Certificate, MetrologyResult, RecognitionAgreement, Standard } from "./references.type";

registerEnumType(ChangeKind, { name: "ChangeKind", description: "What changed; subjectId names the record" });

@ObjectType({ description: "One committed change, as partners receive it" })
export class ChangeEvent {
  @Field(() => String, { description: "Opaque, strictly increasing in commit order; resume after it" })
  cursor!: string;

  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Field(() => ProvinceCode, { nullable: true })
  province!: ProvinceCode | null;

  @Field(() => ID, { description: "Certificate id, USCC, institution id, metrology result id, standard code or agreement id" })
  subjectId!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => Certificate, { nullable: true, description: "Set for CERTIFICATE_* events" })
  certificate!: Certificate | null;

  @Field(() => MetrologyResult, { nullable: true, description: "Set for METROLOGY_RESULT_UPSERTED" })
  metrologyResult!: MetrologyResult | null;

  @Field(() => Standard, { nullable: true, description: "Set for STANDARD_* events" })
  standard!: Standard | null;

  @Field(() => RecognitionAgreement, { nullable: true, description: "Set for AGREEMENT_UPSERTED" })
  agreement!: RecognitionAgreement | null;
}

@ObjectType()
export class ChangeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ChangeEvent)
  node!: ChangeEvent;
}

@ObjectType()
export class ChangeConnection {
  @Field(() => [ChangeEdge])
  edges!: ChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
