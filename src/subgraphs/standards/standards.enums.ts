import { registerEnumType } from "type-graphql";

export enum StandardKind {
  NATIONAL = "NATIONAL",
  INDUSTRY = "INDUSTRY",
  LOCAL = "LOCAL",
  REGIONAL = "REGIONAL",
  GROUP = "GROUP",
}
registerEnumType(StandardKind, { name: "StandardKind" });

export enum StandardStatus {
  PUBLISHED = "PUBLISHED",
  EFFECTIVE = "EFFECTIVE",
  SUPERSEDED = "SUPERSEDED",
  ABOLISHED = "ABOLISHED",
}
registerEnumType(StandardStatus, { name: "StandardStatus", description: "Derived from the dates: abolished, superseded, effective, else published" });
