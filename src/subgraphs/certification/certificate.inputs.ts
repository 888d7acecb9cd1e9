import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { CertificateKind, CertificateStatus } from "./certificate.enums";

@InputType()
export class CertificateInput {
  @Field(() => String)
  number!: string;

  @Field(() => CertificateKind)
  kind!: CertificateKind;

  @Field(() => String)
  scheme!: string;

  @Field(() => ID)
  issuerId!: string;

  @Field(() => String)
  holderUscc!: string;

  @Field(() => String)
  scope!: string;

  @Field(() => [String])
  standardCodes!: string[];

  @Field(() => DateScalar)
  issuedOn!: string;

  @Field(() => DateScalar)
  validUntil!: string;

  @Field(() => CertificateStatus, { nullable: true, description: "Default ACTIVE; EXPIRED is refused (STATUS_NOT_ALLOWED)" })
  status?: CertificateStatus | null;
}

@InputType()
export class CertificateFilter {
  @Field(() => [ProvinceCode], { nullable: true })
  provinces?: ProvinceCode[] | null;

  @Field(() => [CertificateStatus], { nullable: true, description: "EXPIRED matches ACTIVE or SUSPENDED certificates past validUntil" })
  statuses?: CertificateStatus[] | null;

  @Field(() => [CertificateKind], { nullable: true })
  kinds?: CertificateKind[] | null;

  @Field(() => String, { nullable: true })
  holderUscc?: string | null;

  @Field(() => ID, { nullable: true })
  issuerId?: string | null;

  @Field(() => String, { nullable: true })
  standardCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Certificates with issuedOn <= validOn <= validUntil" })
  validOn?: string | null;

  @Field(() => String, { nullable: true, description: "Matches number, holder name and scope (Chinese text included)" })
  search?: string | null;
}
