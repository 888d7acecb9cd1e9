import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "registry", tableName: "enterprise" })
export class EnterpriseEntity {
  @PrimaryKey({ type: "string" })
  uscc!: string;

  @Property({ type: "string" })
  name!: string;

  @Property({ type: "string" })
  divisionCode!: string;

  @Property({ type: "string", nullable: true })
  province!: string | null;

  @Property({ type: "datetime" })
  createdAt!: Date;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}
