import { ValidationError } from "../errors";
import { foldFullWidth } from "./full-width";
import { provinceOfDivision, type ProvinceCode } from "../province";

/** GB 32100-2015: the 31 characters a Unified Social Credit Code may use, in value order. */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * The canonical form a USCC is checked, stored and looked up in. Full-width first: a code typed with a
 * Chinese input method (９１３１…, Ａ-Ｙ, －, the ideographic space) is the same code.
 */
export const normaliseUscc = (raw: string): string => foldFullWidth(raw).trim().replace(/[\s-]+/g, "").toUpperCase();

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VALUE.get(first17[i]!) ?? 0) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export interface Uscc {
  code: string;
  divisionCode: string;
  province: ProvinceCode | null;
}

/** Normalises and checks a USCC; throws ValidationError with USCC_FORMAT or USCC_CHECKSUM. */
export function parseUscc(raw: string, field = "uscc"): Uscc {
  if (typeof raw !== "string") throw new ValidationError("USCC_FORMAT", `A USCC is text of 18 characters, not ${JSON.stringify(raw)}`, field);
  const code = normaliseUscc(raw);
  if (code.length !== 18) {
    throw new ValidationError("USCC_FORMAT", `A USCC has 18 characters (digits and capital letters, such as 91350100M000100Y43); "${raw}" has ${code.length}`, field);
  }
  // The 18th character is judged only as a check character: any other value is a checksum failure.
  for (const c of code.slice(0, 17)) {
    if (!VALUE.has(c)) throw new ValidationError("USCC_FORMAT", `"${c}" is not allowed in a USCC (I, O, S, V and Z never appear)`, field);
  }
  const divisionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    throw new ValidationError("USCC_FORMAT", `Characters 3-8 of a USCC are a six-digit division code, got "${divisionCode}"`, field);
  }
  const expected = usccCheckCharacter(code);
  if (code[17] !== expected) {
    throw new ValidationError("USCC_CHECKSUM", `USCC check character is "${code[17]}", expected "${expected}"`, field);
  }
  return { code, divisionCode, province: provinceOfDivision(divisionCode) };
}
