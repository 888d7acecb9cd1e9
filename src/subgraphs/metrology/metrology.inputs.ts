import { Field, Float, ID, InputType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { MetrologyKind, VerificationConclusion } from "./metrology.enums";

@InputType()
export class UncertaintyInput {
  @Field(() => Float)
  value!: number;

  @Field(() => String)
  unit!: string;

  @Field(() => Float)
  coverageFactor!: number;
}

@InputType()
export class InstrumentInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  model?: string | null;

  @Field(() => String)
  serialNumber!: string;

  @Field(() => String)
  quantity!: string;
}

@InputType()
export class MetrologyResultInput {
  @Field(() => String)
  number!: string;

  @Field(() => MetrologyKind)
  kind!: MetrologyKind;

  @Field(() => ID)
  issuerId!: string;

  @Field(() => String)
  ownerUscc!: string;

  @Field(() => InstrumentInput)
  instrument!: InstrumentInput;

  @Field(() => String, { description: 'A JJG or JJF code, e.g. "JJG 52-2013", "JJF 1059.1-2012" (PROCEDURE_FORMAT)' })
  procedure!: string;

  @Field(() => DateScalar)
  measuredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Not before measuredOn (DATE_ORDER)" })
  validUntil?: string | null;

  @Field(() => VerificationConclusion, { nullable: true, description: "Required for VERIFICATION (CONCLUSION_REQUIRED); refused for CALIBRATION" })
  conclusion?: VerificationConclusion | null;

  @Field(() => UncertaintyInput, { nullable: true, description: "Required for CALIBRATION, with positive value and coverage factor (UNCERTAINTY_REQUIRED)" })
  uncertainty?: UncertaintyInput | null;

  @Field(() => String)
  traceability!: string;
}

@InputType()
export class MetrologyResultFilter {
  @Field(() => [ProvinceCode], { nullable: true })
  provinces?: ProvinceCode[] | null;

  @Field(() => [MetrologyKind], { nullable: true })
  kinds?: MetrologyKind[] | null;

  @Field(() => String, { nullable: true })
  ownerUscc?: string | null;

  @Field(() => ID, { nullable: true })
  issuerId?: string | null;

  @Field(() => String, { nullable: true, description: 'The measured quantity, exactly, e.g. "压力"' })
  quantity?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Results with measuredOn <= validOn <= validUntil (no validUntil: open-ended)" })
  validOn?: string | null;
}
