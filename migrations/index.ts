import { Migration20261125000100_platform } from "./Migration20261125000100_platform";
import { Migration20261125000200_registry } from "./Migration20261125000200_registry";
import { Migration20261125000300_certification } from "./Migration20261125000300_certification";

/** Every migration, in order; listed rather than globbed so the same list runs from src and dist. */
export const migrationsList = [
  { name: "Migration20261125000100_platform", class: Migration20261125000100_platform },
  { name: "Migration20261125000200_registry", class: Migration20261125000200_registry },
  { name: "Migration20261125000300_certification", class: Migration20261125000300_certification },
];
