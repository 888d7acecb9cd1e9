import { addDays, type IsoDate } from "../platform/dates";
import { ProvinceCode } from "../platform/province";
import { usccCheckCharacter } from "../platform/validation/uscc";
import { Random } from "./random";
import { DIVISIONS, INDUSTRIES, SCHEMES, TRADE_NAMES } from "./yrd-reference";

const PROVINCE_LIST = [ProvinceCode.SH, ProvinceCode.JS, ProvinceCode.ZJ, ProvinceCode.AH];
const ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

export interface GeneratorOptions {
  seed: number;
  enterprises: number;
  certificates: number;
  /** Dates are spread back from here; fixed so that the same seed yields the same files. */
  referenceDate: IsoDate;
  /**
   * Share of deliberately invalid rows (0 to 1), for testing rejection. They come from a random stream
   * of their own, so the valid rows are the same with or without them.
   */
  badRows?: number;
}

/** Proportionate sizes for a dataset of `certificates` certificates: one enterprise per five certificates. */
export function sizesFor(certificates: number, seed = DEMO_SIZES.seed, badRows = 0): GeneratorOptions {
  return { seed, certificates, enterprises: Math.max(20, Math.ceil(certificates / 5)), referenceDate: DEMO_SIZES.referenceDate, badRows };
}

export const DEMO_SIZES: GeneratorOptions = { seed: 20261125, enterprises: 160, certificates: 400, referenceDate: "2026-11-01" };

/** A valid USCC (GB 32100) of a legal-person enterprise registered in `division`. */
function uscc(random: Random, division: string): string {
  let org = "";
  for (let i = 0; i < 9; i++) org += random.pick([...ORG_CHARS]);
  const first17 = `91${division}${org}`;
  return first17 + usccCheckCharacter(first17);
}

export function* generateEnterprises(options: GeneratorOptions) {
  const random = new Random(options.seed);
  const bad = new Random(options.seed ^ 0xbad);
  for (let i = 0; i < options.enterprises; i++) {
    const province = PROVINCE_LIST[i % 4]!;
    const division = random.pick(DIVISIONS[province]);
    const record = {
      uscc: uscc(random, division.code),
      name: `${division.city}${random.pick(TRADE_NAMES)}${random.pick(INDUSTRIES)}有限公司`,
    };
    yield options.badRows && bad.chance(options.badRows) ? corruptEnterprise(record, bad) : record;
  }
}

/** A wrong check character (USCC_CHECKSUM) or a blank name (REQUIRED). */
function corruptEnterprise(record: { uscc: string; name: string }, bad: Random): { uscc: string; name: string } {
  if (bad.chance(0.3)) return { ...record, name: "  " };
  const last = record.uscc[17]!;
  const wrong = [...ORG_CHARS].find((c) => c !== last)!;
  return { ...record, uscc: record.uscc.slice(0, 17) + wrong };
}

/** Per province: two certification bodies, a testing lab and a metrology institute. */
export function generateInstitutions() {
  const names: Record<ProvinceCode, string> = { SH: "上海", JS: "江苏", ZJ: "浙江", AH: "安徽" };
  return PROVINCE_LIST.flatMap((province, p) => {
    const region = names[province];
    const schemes = SCHEMES.map((s) => s.scheme);
    return [
      {
        id: `CB-${province}-01`, name: `${region}质量认证中心`, kind: "CERTIFICATION_BODY", province,
        accreditations: [{ scheme: "CNCA", number: `CNCA-R-2002-${String(100 + p).padStart(3, "0")}`, scope: schemes, status: "ACTIVE", validFrom: "2015-01-01", validUntil: "2030-12-31" }],
      },
      {
        id: `CB-${province}-02`, name: `${region}联合认证有限公司`, kind: "CERTIFICATION_BODY", province,
        accreditations: [{ scheme: "CNCA", number: `CNCA-R-2010-${String(200 + p).padStart(3, "0")}`, scope: schemes.slice(0, 3), status: "ACTIVE", validFrom: "2012-06-01", validUntil: "2028-05-31" }],
      },
      {
        id: `LAB-${province}-01`, name: `${region}产品质量检验研究院`, kind: "TESTING_LAB", province,
        accreditations: [
          { scheme: "CMA", number: `2015${String(p + 1).padStart(2, "0")}00${String(1000 + p)}`, scope: ["电器安全", "食品", "纺织品"], status: "ACTIVE", validFrom: "2015-03-01", validUntil: "2031-02-28" },
          { scheme: "CNAS", number: `CNAS L${String(1200 + p * 37)}`, scope: ["电器安全", "电磁兼容"], status: "ACTIVE", validFrom: "2016-01-01", validUntil: "2029-12-31" },
        ],
      },
      {
        id: `MET-${province}-01`, name: `${region}计量测试技术研究院`, kind: "METROLOGY_INSTITUTE", province,
        accreditations: [
          { scheme: "METROLOGY_AUTHORIZATION", number: `(国)法计(2015)${String(p + 1).padStart(5, "0")}号`, scope: ["长度", "质量", "温度", "压力", "电学"], status: "ACTIVE", validFrom: "2015-05-01", validUntil: "2030-04-30" },
          { scheme: "CNAS", number: `CNAS L${String(300 + p * 11)}`, scope: ["长度", "质量", "温度"], status: "ACTIVE", validFrom: "2014-01-01", validUntil: "2029-12-31" },
        ],
      },
    ];
  });
}

/**
 * Certificates with realistic proportions: most active, some suspended, withdrawn or expired, issued
 * over the last six years for three-year terms.
 */
export function* generateCertificates(options: GeneratorOptions, holders: readonly { uscc: string }[]) {
  const random = new Random(options.seed ^ 0x5eed);
  const bad = new Random(options.seed ^ 0xbad5eed);
  for (let i = 0; i < options.certificates; i++) {
    const province = PROVINCE_LIST[i % 4]!;
    const body = random.chance(0.7) ? 1 : 2;
    const scheme = body === 2 ? random.pick(SCHEMES.slice(0, 3)) : random.pick(SCHEMES);
    const expired = random.chance(0.06);
    const issuedOn = expired ? addDays(options.referenceDate, -random.int(1100, 2000)) : addDays(options.referenceDate, -random.int(10, 1000));
    const roll = random.next();
    const status = roll < 0.88 ? "ACTIVE" : roll < 0.94 ? "SUSPENDED" : roll < 0.98 ? "WITHDRAWN" : "CANCELLED";
    const year = issuedOn.slice(0, 4);
    const record = {
      number: `${province}${year}${scheme.kind === "PRODUCT" ? "P" : scheme.kind === "SERVICE" ? "S" : "Q"}${String(i + 1).padStart(7, "0")}`,
      kind: scheme.kind,
      scheme: scheme.scheme,
      issuerId: `CB-${province}-0${body}`,
      holderUscc: holders[random.int(0, holders.length - 1)]!.uscc,
      scope: scheme.scope,
      standardCodes: [...scheme.standards],
      issuedOn,
      validUntil: addDays(issuedOn, 365 * 3),
      status,
    };
    // A bad row keeps the record's static type: it exists to be refused by validation at run time.
    yield options.badRows && bad.chance(options.badRows) ? (corruptCertificate(record, bad) as typeof record) : record;
  }
}

type CertificateRow = Record<string, unknown> & { issuedOn: string; number: string };

/** One of the mistakes provincial files really contain, each refused with its own code. */
function corruptCertificate(record: CertificateRow, bad: Random): Record<string, unknown> {
  switch (bad.int(0, 5)) {
    case 0: return { ...record, validUntil: addDays(record.issuedOn, -1) }; // DATE_ORDER
    case 1: return { ...record, status: "EXPIRED" }; // STATUS_NOT_ALLOWED
    case 2: return { ...record, issuerId: "CB-XX-99" }; // UNKNOWN_ISSUER
    case 3: return { ...record, standardCodes: ["GB/T 19001—2016X"] }; // a malformed standard code
    case 4: return { ...record, issuedOn: `${record.issuedOn.slice(0, 4)}-13-01` }; // DATE_FORMAT
    default: return { ...record, standardCodes: "GB/T 19001-2016" }; // a list given as text: INVALID_RECORD
  }
}
