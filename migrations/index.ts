import { Migration20261125000100_platform } from "./Migration20261125000100_platform";
import { Migration20261125000200_registry } from "./Migration20261125000200_registry";
import { Migration20261125000300_certification } from "./Migration20261125000300_certification";
import { Migration20261125000400_standards } from "./Migration20261125000400_standards";
import { Migration20261125000500_metrology } from "./Migration20261125000500_metrology";
import { Migration20261125000600_recognition } from "./Migration20261125000600_recognition";
import { Migration20261125000700_feed } from "./Migration20261125000700_feed";
import { Migration20261125000800_audit } from "./Migration20261125000800_audit";
import { Migration20261125000900_import } from "./Migration20261125000900_import";
import { Migration20261126000100_certificate_codes } from "./Migration20261126000100_certificate_codes";
import { Migration20261126000200_holder_names } from "./Migration20261126000200_holder_names";
import { Migration20261126000300_import_repeats } from "./Migration20261126000300_import_repeats";
import { Migration20261126000400_unified_standard_numbers } from "./Migration20261126000400_unified_standard_numbers";
import { Migration20261126000500_accreditation_numbers } from "./Migration20261126000500_accreditation_numbers";
import { Migration20261127000100_first_status_on_certificate } from "./Migration20261127000100_first_status_on_certificate";

/** Every migration, in order; listed rather than globbed so the same list runs from src and dist. */
export const migrationsList = [
  { name: "Migration20261125000100_platform", class: Migration20261125000100_platform },
  { name: "Migration20261125000200_registry", class: Migration20261125000200_registry },
  { name: "Migration20261125000300_certification", class: Migration20261125000300_certification },
  { name: "Migration20261125000400_standards", class: Migration20261125000400_standards },
  { name: "Migration20261125000500_metrology", class: Migration20261125000500_metrology },
  { name: "Migration20261125000600_recognition", class: Migration20261125000600_recognition },
  { name: "Migration20261125000700_feed", class: Migration20261125000700_feed },
  { name: "Migration20261125000800_audit", class: Migration20261125000800_audit },
  { name: "Migration20261125000900_import", class: Migration20261125000900_import },
  { name: "Migration20261126000100_certificate_codes", class: Migration20261126000100_certificate_codes },
  { name: "Migration20261126000200_holder_names", class: Migration20261126000200_holder_names },
  { name: "Migration20261126000300_import_repeats", class: Migration20261126000300_import_repeats },
  { name: "Migration20261126000400_unified_standard_numbers", class: Migration20261126000400_unified_standard_numbers },
  { name: "Migration20261126000500_accreditation_numbers", class: Migration20261126000500_accreditation_numbers },
  { name: "Migration20261127000100_first_status_on_certificate", class: Migration20261127000100_first_status_on_certificate },
];
