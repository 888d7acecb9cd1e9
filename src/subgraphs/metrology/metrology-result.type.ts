import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import { PageInfo } from "../../platform/graphql/pagination";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { MetrologyKind, VerificationConclusion } from "./metrology.enums";
import { toMetrologyId } from "./metrology-id";
import type { MetrologyResultEntity } from "./metrology-result.entity";

@ObjectType()
export class Instrument {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  model!: string | null;

  @Field(() => String)
  serialNumber!: string;

  @Field(() => String, { description: 'The measured quantity, e.g. "压力", "长度"' })
  quantity!: string;
}

@ObjectType({ description: "Expanded measurement uncertainty" })
export class Uncertainty {
  @Field(() => Float)
  value!: number;

  @Field(() => String)
  unit!: string;

  @Field(() => Float, { description: "k, e.g. 2" })
  coverageFactor!: number;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A calibration or verification result issued by a metrology institute or testing laboratory" })
export class MetrologyResult {
  @Field(() => ID, { description: '"M" followed by digits, e.g. "M42": never equal to a certificate id' })
  id!: string;

  /** The stored identity, for keyset cursors and loaders. */
  dbId!: string;

  @Field(() => String, { description: "Unique per issuer" })
  number!: string;

  @Field(() => MetrologyKind)
  kind!: MetrologyKind;

  @Field(() => ProvinceCode, { description: "The issuing institution's province" })
  province!: ProvinceCode;

  ownerUscc!: string;
  issuerId!: string;

  @Field(() => Instrument)
  instrument!: Instrument;

  @Field(() => String, { description: "The JJG / JJF regulation or specification applied" })
  procedure!: string;

  @Field(() => DateScalar)
  measuredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Verification validity, or the suggested recalibration date" })
  validUntil!: string | null;

  @Field(() => VerificationConclusion, { nullable: true, description: "VERIFICATION only; a FAIL is kept and shown, never recognised" })
  conclusion!: VerificationConclusion | null;

  @Field(() => Uncertainty, { nullable: true, description: "CALIBRATION: always present" })
  uncertainty!: Uncertainty | null;

  @Field(() => String)
  traceability!: string;
}

/** The GraphQL view of a stored row: the public id, and instrument and uncertainty as objects. */
export function toMetrologyResult(row: MetrologyResultEntity): MetrologyResult {
  const hasUncertainty = row.uncertaintyValue !== null && row.uncertaintyUnit !== null && row.coverageFactor !== null;
  return {
    id: toMetrologyId(row.id),
    dbId: String(row.id),
    number: row.number,
    kind: row.kind as MetrologyKind,
    province: row.province as ProvinceCode,
    ownerUscc: row.ownerUscc,
    issuerId: row.issuerId,
    instrument: { name: row.instrumentName, model: row.instrumentModel, serialNumber: row.serialNumber, quantity: row.quantity },
    procedure: row.procedure,
    measuredOn: row.measuredOn,
    validUntil: row.validUntil,
    conclusion: row.conclusion as VerificationConclusion | null,
    uncertainty: hasUncertainty ? { value: Number(row.uncertaintyValue), unit: row.uncertaintyUnit!, coverageFactor: Number(row.coverageFactor) } : null,
    traceability: row.traceability,
  };
}

@ObjectType()
export class MetrologyResultEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => MetrologyResult)
  node!: MetrologyResult;
}

@ObjectType()
export class MetrologyResultConnection {
  @Field(() => [MetrologyResultEdge])
  edges!: MetrologyResultEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
