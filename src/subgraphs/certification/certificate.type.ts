import { Directive, Field, ID, ObjectType } from "type-graphql";
import { PageInfo } from "../../platform/graphql/pagination";
import { DateScalar, DateTimeScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { CertificateKind, CertificateStatus } from "./certificate.enums";

@ObjectType()
export class StatusChange {
  @Field(() => CertificateStatus)
  status!: CertificateStatus;

  @Field(() => String, { nullable: true, description: "Shown to regulators, admins, the holder and the issuer; null for others" })
  reason!: string | null;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A certification result issued by a certification body" })
export class Certificate {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Unique per issuer" })
  number!: string;

  @Field(() => CertificateKind)
  kind!: CertificateKind;

  @Field(() => String, { description: 'e.g. "ISO 9001:2015", "CCC", "GREEN_PRODUCT"' })
  scheme!: string;

  @Field(() => ProvinceCode, { description: "The issuing institution's province" })
  province!: ProvinceCode;

  @Field(() => String)
  scope!: string;

  @Field(() => DateScalar)
  issuedOn!: string;

  @Field(() => DateScalar)
  validUntil!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType()
export class CertificateEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Certificate)
  node!: Certificate;
}

@ObjectType()
export class CertificateConnection {
  @Field(() => [CertificateEdge])
  edges!: CertificateEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
