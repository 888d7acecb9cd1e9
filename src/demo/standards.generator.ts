import type { StandardImportRecord } from "../subgraphs/standards/standard-rules";

type Kind = "NATIONAL" | "INDUSTRY" | "LOCAL" | "REGIONAL" | "GROUP";
const std = (code: string, title: string, kind: Kind, publishedOn: string, effectiveOn: string, extra: Partial<StandardImportRecord> = {}): StandardImportRecord => ({
  code, title, kind, status: "EFFECTIVE", publishedOn, effectiveOn, ...extra,
});

/** The national standards the certificate generator cites (yrd-reference.ts SCHEMES), with their predecessors. */
const NATIONAL: StandardImportRecord[] = [
  // Three generations: 2000 -> 2008 -> 2016.
  std("GB/T 19001-2000", "质量管理体系 要求", "NATIONAL", "2000-12-28", "2001-06-01", { status: "SUPERSEDED" }),
  std("GB/T 19001-2008", "质量管理体系 要求", "NATIONAL", "2008-10-29", "2009-03-01", { status: "SUPERSEDED", supersedesCodes: ["GB/T 19001-2000"] }),
  std("GB/T 19001-2016", "质量管理体系 要求", "NATIONAL", "2016-12-30", "2017-07-01", { supersedesCodes: ["GB/T 19001-2008"] }),
  std("GB/T 24001-2004", "环境管理体系 要求及使用指南", "NATIONAL", "2004-12-13", "2005-05-15", { status: "SUPERSEDED" }),
  std("GB/T 24001-2016", "环境管理体系 要求及使用指南", "NATIONAL", "2016-10-13", "2017-05-01", { supersedesCodes: ["GB/T 24001-2004"] }),
  std("GB/T 28001-2011", "职业健康安全管理体系 要求", "NATIONAL", "2011-12-30", "2012-02-01", { status: "SUPERSEDED" }),
  std("GB/T 45001-2020", "职业健康安全管理体系 要求及使用指南", "NATIONAL", "2020-03-06", "2020-03-06", { supersedesCodes: ["GB/T 28001-2011"] }),
  std("GB 4706.1-2005", "家用和类似用途电器的安全 第1部分：通用要求", "NATIONAL", "2005-08-26", "2006-08-01"),
  std("GB/T 33761-2017", "绿色产品评价通则", "NATIONAL", "2017-05-12", "2017-12-01"),
  std("GB/T 27922-2011", "商品售后服务评价体系", "NATIONAL", "2011-12-30", "2012-08-01"),
  std("GB/T 27025-2019", "检测和校准实验室能力的通用要求", "NATIONAL", "2019-12-10", "2020-07-01"),
  std("SJ/T 11364-2014", "电子电气产品有害物质限制使用标识要求", "INDUSTRY", "2014-07-09", "2015-01-01"),
  std("T/ZZB 0001-2017", "“浙江制造”团体标准 示例产品技术要求", "GROUP", "2017-03-01", "2017-04-01"),
];

const PROVINCES = [
  { db: "31", name: "上海市", province: "SH" },
  { db: "32", name: "江苏省", province: "JS" },
  { db: "33", name: "浙江省", province: "ZJ" },
  { db: "34", name: "安徽省", province: "AH" },
] as const;

/**
 * YRD unified standards: one text under a DB code of each participating province, linked by the
 * 310-block number. 310003-2021 has no Anhui code (so an Anhui recognition finds no equivalent);
 * 310011-2022 covers all four; 310015-2023 is issued as REGIONAL.
 */
const UNIFIED: StandardImportRecord[] = [
  ...PROVINCES.slice(0, 3).map((p) => std(`DB${p.db}/T 310003-2021`, "长三角生态绿色一体化发展示范区 公共信用信息归集和使用规范", "LOCAL", "2021-10-08", "2022-01-01")),
  ...PROVINCES.map((p) => std(`DB${p.db}/T 310011-2022`, "长三角区域 计量器具校准结果互认技术规范", "LOCAL", "2022-09-30", "2022-12-01")),
  ...PROVINCES.map((p) => std(`DB${p.db}/T 310015-2023`, "长三角区域 检验检测机构能力信息共享规范", "REGIONAL", "2023-06-01", "2023-09-01")),
];

/** Two ordinary local standards per province, a three-generation local chain in Zhejiang, one abolished and one not yet effective. */
const LOCAL: StandardImportRecord[] = [
  ...PROVINCES.flatMap((p, i) => [
    std(`DB${p.db}/T ${1100 + i * 7}-2019`, `${p.name} 电梯维护保养服务规范`, "LOCAL", "2019-04-15", "2019-07-01", { province: p.province }),
    std(`DB${p.db}/T ${2300 + i * 11}-2021`, `${p.name} 公共机构能源计量器具配备和管理要求`, "LOCAL", "2021-08-20", "2021-12-01", { province: p.province }),
  ]),
  std("DB33/T 2000-2016", "浙江省 工业企业计量检测能力评价规范", "LOCAL", "2016-05-10", "2016-06-10", { status: "SUPERSEDED" }),
  std("DB33/T 2000-2020", "浙江省 工业企业计量检测能力评价规范", "LOCAL", "2020-03-02", "2020-04-02", { status: "SUPERSEDED", supersedesCodes: ["DB33/T 2000-2016"] }),
  std("DB33/T 2000-2024", "浙江省 工业企业计量检测能力评价规范", "LOCAL", "2024-01-15", "2024-02-15", { supersedesCodes: ["DB33/T 2000-2020"] }),
  std("DB34/T 1500-2012", "安徽省 农产品质量安全追溯规范", "LOCAL", "2012-01-10", "2012-03-01", { status: "ABOLISHED" }),
  std("DB32/T 4999-2026", "江苏省 智能网联汽车测试场地技术要求", "LOCAL", "2026-10-01", "2027-01-01", { status: "PUBLISHED" }),
];

/** The demo standards: deterministic, and valid in any order (supersession and equivalence resolve across rows). */
export function generateStandards(): StandardImportRecord[] {
  return [...NATIONAL, ...UNIFIED, ...LOCAL];
}
