import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "standards", tableName: "standard" })
export class StandardEntity {
  /** Normalised, e.g. "GB/T 19001-2016". */
  @PrimaryKey({ type: "string" })
  code!: string;

  @Property({ type: "string" })
  title!: string;

  @Property({ type: "string" })
  kind!: string;

  /** LOCAL standards only. */
  @Property({ type: "string", nullable: true })
  province!: string | null;

  /** The status as the import stated it; the status shown is derived from the dates below. */
  @Property({ type: "string" })
  declaredStatus!: string;

  @Property({ type: "date" })
  publishedOn!: string;

  @Property({ type: "date" })
  effectiveOn!: string;

  @Property({ type: "string[]" })
  supersedesCodes!: string[];

  @Property({ type: "string[]" })
  declaredEquivalents!: string[];

  @Property({ type: "string", nullable: true })
  unifiedKey!: string | null;

  /** Codes of one text share a group key (the smallest code of the group). */
  @Property({ type: "string" })
  groupKey!: string;

  @Property({ type: "string", nullable: true })
  supersededBy!: string | null;

  @Property({ type: "date", nullable: true })
  supersededOn!: string | null;

  @Property({ type: "date", nullable: true })
  abolishedOn!: string | null;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}

/** A standard as the GraphQL reads hold it; see CertificateRow for why resolvers take this type, not the class. */
export type StandardRow = Readonly<StandardEntity>;
