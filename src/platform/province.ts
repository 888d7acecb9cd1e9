import { registerEnumType } from "type-graphql";

export enum ProvinceCode {
  SH = "SH",
  JS = "JS",
  ZJ = "ZJ",
  AH = "AH",
}
registerEnumType(ProvinceCode, { name: "ProvinceCode", description: "The four provinces of the Yangtze River Delta" });

export interface ProvinceInfo {
  code: ProvinceCode;
  /** GB/T 2260 division code. */
  divisionCode: string;
  name: string;
}

export const PROVINCES: readonly ProvinceInfo[] = [
  { code: ProvinceCode.SH, divisionCode: "310000", name: "上海市" },
  { code: ProvinceCode.JS, divisionCode: "320000", name: "江苏省" },
  { code: ProvinceCode.ZJ, divisionCode: "330000", name: "浙江省" },
  { code: ProvinceCode.AH, divisionCode: "340000", name: "安徽省" },
];

const BY_PREFIX = new Map(PROVINCES.map((p) => [p.divisionCode.slice(0, 2), p.code]));

/** The province of a GB/T 2260 division code (its first two digits), or null outside the four. */
export function provinceOfDivision(divisionCode: string): ProvinceCode | null {
  return BY_PREFIX.get(divisionCode.slice(0, 2)) ?? null;
}

// Own keys only: `in` also finds "constructor" and "toString" on the enum object's prototype.
export const isProvinceCode = (value: unknown): value is ProvinceCode =>
  typeof value === "string" && Object.hasOwn(ProvinceCode, value);
