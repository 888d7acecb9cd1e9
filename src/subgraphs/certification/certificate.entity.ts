import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "certification", tableName: "certificate" })
export class CertificateEntity {
  @PrimaryKey({ type: "bigint" })
  id!: string;

  @Property({ type: "string" })
  issuerId!: string;

  @Property({ type: "string" })
  number!: string;

  @Property({ type: "string" })
  kind!: string;

  @Property({ type: "string" })
  scheme!: string;

  @Property({ type: "string" })
  province!: string;

  @Property({ type: "string" })
  holderUscc!: string;

  /** The holder's name as printed on the certificate; kept here so that search needs no join. */
  @Property({ type: "string" })
  holderName!: string;

  @Property({ type: "string" })
  scope!: string;

  @Property({ type: "string[]" })
  standardCodes!: string[];

  @Property({ type: "date" })
  issuedOn!: string;

  @Property({ type: "date" })
  validUntil!: string;

  /** The stored status: ACTIVE, SUSPENDED, WITHDRAWN or CANCELLED. EXPIRED is derived when read. */
  @Property({ type: "string" })
  status!: string;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}
