import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "recognition", tableName: "agreement" })
export class RecognitionAgreementEntity {
  @PrimaryKey({ type: "string" })
  id!: string;

  @Property({ type: "string" })
  title!: string;

  @Property({ type: "string[]" })
  parties!: string[];

  @Property({ type: "string[]" })
  subjectKinds!: string[];

  @Property({ type: "date" })
  effectiveFrom!: string;

  /** The last day the agreement applies (inclusive); null: open-ended. */
  @Property({ type: "date", nullable: true })
  effectiveUntil!: string | null;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}
