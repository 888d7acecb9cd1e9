import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ schema: "registry", tableName: "institution" })
export class InstitutionEntity {
  @PrimaryKey({ type: "string" })
  id!: string;

  @Property({ type: "string" })
  name!: string;

  @Property({ type: "string" })
  kind!: string;

  @Property({ type: "string" })
  province!: string;

  @Property({ type: "datetime" })
  updatedAt!: Date;
}
