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

  /** Who imported it: the actor of its first status, which has no history row until it changes. */
  @Property({ type: "string", nullable: true })
  createdBy!: string | null;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}

/**
 * A certificate as the GraphQL reads hold it (plain, from src/platform/database/read-rows.ts). Field
 * resolvers take their root as this type, not the class: for a class, type-graphql copies every root
 * that is not an instance into a new one, and MikroORM's property setters made that the costliest
 * step of a page of 100.
 */
export type CertificateRow = Readonly<CertificateEntity>;
