import { foldFullWidth } from "../../platform/validation/full-width";
import { requireText } from "../../platform/validation/text";

/**
 * An accreditation number as the platform stores and compares it: "ＣＮＡＳ　ｌ１２３４" typed with a
 * Chinese input method, or "cnas  L1234", is "CNAS L1234". Full-width forms folded (the same block
 * foldFullWidth folds for a USCC or a date, nothing more), runs of spaces made one, and ASCII letters
 * upper-cased: the accreditation bodies' numbers (CNCA-R-2002-001, CNAS L0001, a CMA's digits) use no
 * lower case, and a number in another form was stored as a second accreditation of the institution.
 * Migration20261126000500_accreditation_numbers brings stored numbers to the same form, in SQL that
 * must stay equal to this.
 */
export function normaliseAccreditationNumber(value: string, field: string): string {
  return foldFullWidth(requireText(value, field, 100))
    .replace(/ {2,}/g, " ")
    .trim()
    .replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
