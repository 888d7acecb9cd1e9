import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "registry", tableName: "accreditation" })
export class AccreditationEntity {
  @PrimaryKey({ type: "bigint" })
  id!: string;

  @Property({ type: "string" })
  institutionId!: string;

  @Property({ type: "string" })
  scheme!: string;

  @Property({ type: "string" })
  number!: string;

  @Property({ type: "string[]" })
  scope!: string[];

  @Property({ type: "string" })
  status!: string;

  @Property({ type: "date" })
  validFrom!: string;

  @Property({ type: "date", nullable: true })
  validUntil!: string | null;
}
