import { addDays } from "../platform/dates";
import { ProvinceCode } from "../platform/province";
import type { MetrologyImportRecord } from "../subgraphs/metrology/metrology-rules";
import type { GeneratorOptions } from "./generator";
import { Random } from "./random";

const PROVINCE_LIST = [ProvinceCode.SH, ProvinceCode.JS, ProvinceCode.ZJ, ProvinceCode.AH];

/** Instruments by measured quantity, with the verification regulation (JJG) and calibration specification (JJF) applied. */
const INSTRUMENTS = [
  { quantity: "压力", name: "弹性元件式一般压力表", model: "Y-100", jjg: "JJG 52-2013", jjf: "JJF 1059.1-2012", unit: "kPa", u: [0.02, 0.5], traceability: "溯源至国家压力计量基准" },
  { quantity: "压力", name: "数字压力计", model: "DPI 620", jjg: "JJG 875-2019", jjf: "JJF 1059.1-2012", unit: "kPa", u: [0.005, 0.05], traceability: "溯源至国家压力计量基准" },
  { quantity: "长度", name: "通用卡尺", model: "0-150 mm", jjg: "JJG 30-2012", jjf: "JJF 1094-2002", unit: "mm", u: [0.005, 0.02], traceability: "溯源至国家长度计量基准（量块）" },
  { quantity: "质量", name: "电子天平", model: "XS205", jjg: "JJG 1036-2022", jjf: "JJF 1847-2020", unit: "mg", u: [0.02, 0.5], traceability: "溯源至国家千克原器" },
  { quantity: "温度", name: "工业铂热电阻", model: "Pt100", jjg: "JJG 229-2010", jjf: "JJF 1171-2007", unit: "℃", u: [0.02, 0.1], traceability: "溯源至国家温度计量基准" },
  { quantity: "电学", name: "数字多用表", model: "34465A", jjg: "JJG 315-1983", jjf: "JJF 1587-2016", unit: "mV", u: [0.01, 0.2], traceability: "溯源至国家电压计量基准" },
] as const;

/** Half as many results as certificates unless told otherwise. */
export interface MetrologyGeneratorOptions extends GeneratorOptions {
  metrologyResults?: number;
}

/**
 * Calibration and verification results issued by the MET-* institutes (mostly) and LAB-* laboratories
 * of generateInstitutions to enterprises of generateEnterprises: about one verification in twelve
 * FAILs, and some results have run out. Deterministic for a seed; with `badRows`, a share of rows is
 * broken on purpose (from a random stream of its own) to exercise rejection.
 */
export function* generateMetrologyResults(options: MetrologyGeneratorOptions, owners: readonly { uscc: string }[]): Generator<MetrologyImportRecord> {
  const random = new Random(options.seed ^ 0x3e7a1);
  const bad = new Random(options.seed ^ 0xbad3e7);
  const count = options.metrologyResults ?? Math.ceil(options.certificates / 2);
  for (let i = 0; i < count; i++) {
    const province = PROVINCE_LIST[i % 4]!;
    const issuerId = random.chance(0.85) ? `MET-${province}-01` : `LAB-${province}-01`;
    const instrument = random.pick(INSTRUMENTS);
    const verification = random.chance(0.55);
    const measuredOn = addDays(options.referenceDate, -random.int(5, 800));
    const validDays = verification ? random.pick([182, 365]) : 365;
    const [low, high] = instrument.u;
    const record: MetrologyImportRecord = {
      number: `${issuerId}-${measuredOn.slice(0, 4)}-${verification ? "V" : "C"}${String(i + 1).padStart(6, "0")}`,
      kind: verification ? "VERIFICATION" : "CALIBRATION",
      issuerId,
      ownerUscc: owners[random.int(0, owners.length - 1)]!.uscc,
      instrument: { name: instrument.name, model: instrument.model, serialNumber: `${instrument.model.replace(/\s+/g, "")}-${random.int(100000, 999999)}`, quantity: instrument.quantity },
      procedure: verification ? instrument.jjg : instrument.jjf,
      measuredOn,
      // A calibration certificate only suggests a recalibration date, and some state none.
      validUntil: !verification && random.chance(0.1) ? null : addDays(measuredOn, validDays),
      conclusion: verification ? (random.chance(0.08) ? "FAIL" : "PASS") : null,
      uncertainty: verification ? null : { value: Math.round((low + random.next() * (high - low)) * 1000) / 1000, unit: instrument.unit, coverageFactor: 2 },
      traceability: instrument.traceability,
    };
    yield options.badRows && bad.chance(options.badRows) ? corruptResult(record, bad) : record;
  }
}

/** One of the mistakes result files really contain, each refused with its own code. */
function corruptResult(record: MetrologyImportRecord, bad: Random): MetrologyImportRecord {
  switch (bad.int(0, 4)) {
    case 0: return { ...record, kind: "CALIBRATION", conclusion: null, uncertainty: null }; // UNCERTAINTY_REQUIRED
    case 1: return { ...record, kind: "VERIFICATION", conclusion: null, uncertainty: null }; // CONCLUSION_REQUIRED
    case 2: return { ...record, validUntil: addDays(record.measuredOn, -1) }; // DATE_ORDER
    case 3: return { ...record, procedure: "GB/T 27025-2019" }; // PROCEDURE_FORMAT
    default: return { ...record, issuerId: `CB-${record.issuerId.slice(-5, -3)}-01` }; // ISSUER_KIND
  }
}
