import { accreditation } from "./fixtures";

/** Builders for metrology tests: institutions that may issue results, and results as importMetrologyResults takes them. */
export const metrologyInstitute = (id: string, province: string) => ({
  id, name: `${province} 计量测试研究院 ${id}`, kind: "METROLOGY_INSTITUTE", province,
  accreditations: [accreditation("METROLOGY_AUTHORIZATION", `MA-${id}`, ["压力", "长度", "温度"])],
});

export const testingLab = (id: string, province: string) => ({
  id, name: `${province} 检验检测中心 ${id}`, kind: "TESTING_LAB", province,
  accreditations: [accreditation("CNAS", `CNAS-${id}`, ["压力", "电学"])],
});

export const calibration = (over: Record<string, unknown> = {}) => ({
  number: "CAL-1", kind: "CALIBRATION", issuerId: "MET-ZJ", ownerUscc: "",
  instrument: { name: "数字压力计", model: "DPI 620", serialNumber: "SN-0001", quantity: "压力" },
  procedure: "JJF 1059.1-2012", measuredOn: "2025-03-01", validUntil: "2026-03-01",
  uncertainty: { value: 0.05, unit: "kPa", coverageFactor: 2 }, traceability: "国家压力基准",
  ...over,
});

export const verification = (over: Record<string, unknown> = {}) => ({
  number: "VER-1", kind: "VERIFICATION", issuerId: "MET-ZJ", ownerUscc: "",
  instrument: { name: "弹性元件式一般压力表", serialNumber: "SN-1001", quantity: "压力" },
  procedure: "JJG 52-2013", measuredOn: "2025-05-10", validUntil: "2026-05-09", conclusion: "PASS", traceability: "浙江省压力计量标准",
  ...over,
});

export const IMPORT_METROLOGY = `mutation($records: [MetrologyResultInput!]!) { importMetrologyResults(records: $records) { accepted rejected { index code field message } } }`;
