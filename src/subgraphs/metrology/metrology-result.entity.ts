import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

/** One calibration or verification result; its public id is "M" + id (see metrology-id.ts). */
@Entity({ schema: "metrology", tableName: "result" })
export class MetrologyResultEntity {
  @PrimaryKey({ type: "bigint" })
  id!: string;

  @Property({ type: "string" })
  issuerId!: string;

  @Property({ type: "string" })
  number!: string;

  @Property({ type: "string" })
  kind!: string;

  /** The issuer's province. */
  @Property({ type: "string" })
  province!: string;

  @Property({ type: "string" })
  ownerUscc!: string;

  @Property({ type: "string" })
  instrumentName!: string;

  @Property({ type: "string", nullable: true })
  instrumentModel!: string | null;

  @Property({ type: "string" })
  serialNumber!: string;

  @Property({ type: "string" })
  quantity!: string;

  @Property({ type: "string" })
  procedure!: string;

  @Property({ type: "date" })
  measuredOn!: string;

  @Property({ type: "date", nullable: true })
  validUntil!: string | null;

  @Property({ type: "string", nullable: true })
  conclusion!: string | null;

  @Property({ type: "double", nullable: true })
  uncertaintyValue!: number | string | null;

  @Property({ type: "string", nullable: true })
  uncertaintyUnit!: string | null;

  @Property({ type: "double", nullable: true })
  coverageFactor!: number | string | null;

  @Property({ type: "string" })
  traceability!: string;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}
