import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "certification", tableName: "status_change" })
export class StatusChangeEntity {
  @PrimaryKey({ type: "bigint" })
  id!: string;

  @Property({ type: "bigint" })
  certificateId!: string;

  @Property({ type: "string" })
  status!: string;

  @Property({ type: "string", nullable: true })
  reason!: string | null;

  @Property({ type: "string", nullable: true })
  actor!: string | null;

  @Property({ type: "datetime" })
  at!: Date;
}
