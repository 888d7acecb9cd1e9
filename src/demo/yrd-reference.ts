import { ProvinceCode } from "../platform/province";

/** Real GB/T 2260 county-level division codes of the four provinces, with their city names. */
export const DIVISIONS: Record<ProvinceCode, { code: string; city: string }[]> = {
  SH: [
    { code: "310101", city: "上海" }, { code: "310104", city: "上海" }, { code: "310105", city: "上海" },
    { code: "310112", city: "上海" }, { code: "310115", city: "上海" }, { code: "310117", city: "上海" },
  ],
  JS: [
    { code: "320102", city: "南京" }, { code: "320115", city: "南京" }, { code: "320211", city: "无锡" },
    { code: "320505", city: "苏州" }, { code: "320506", city: "苏州" }, { code: "320412", city: "常州" },
  ],
  ZJ: [
    { code: "330106", city: "杭州" }, { code: "330110", city: "杭州" }, { code: "330212", city: "宁波" },
    { code: "330302", city: "温州" }, { code: "330402", city: "嘉兴" }, { code: "330602", city: "绍兴" },
  ],
  AH: [
    { code: "340104", city: "合肥" }, { code: "340111", city: "合肥" }, { code: "340202", city: "芜湖" },
    { code: "340302", city: "蚌埠" }, { code: "340502", city: "马鞍山" }, { code: "341002", city: "黄山" },
  ],
};

export const TRADE_NAMES = ["华信", "长江", "东方", "恒通", "新锐", "瑞丰", "金桥", "博远", "天成", "宏达", "海纳", "明德", "嘉禾", "正泰", "锦程", "联创", "润泽", "永安", "精工", "中科"];
export const INDUSTRIES = ["电子科技", "精密机械", "新材料", "食品", "医疗器械", "汽车零部件", "化工", "纺织", "智能装备", "电气", "建材", "检测技术"];

/** Certification schemes with the kind they certify and the standards they usually cite. */
export const SCHEMES = [
  { scheme: "ISO 9001:2015", kind: "MANAGEMENT_SYSTEM", standards: ["GB/T 19001-2016"], scope: "产品的设计、生产和服务" },
  { scheme: "ISO 14001:2015", kind: "MANAGEMENT_SYSTEM", standards: ["GB/T 24001-2016"], scope: "生产经营活动及相关环境管理活动" },
  { scheme: "ISO 45001:2018", kind: "MANAGEMENT_SYSTEM", standards: ["GB/T 45001-2020"], scope: "生产及相关职业健康安全管理活动" },
  { scheme: "CCC", kind: "PRODUCT", standards: ["GB 4706.1-2005"], scope: "家用和类似用途电器" },
  { scheme: "GREEN_PRODUCT", kind: "PRODUCT", standards: ["GB/T 33761-2017"], scope: "绿色产品评价" },
  { scheme: "SERVICE", kind: "SERVICE", standards: ["GB/T 27922-2011"], scope: "商品售后服务" },
] as const;
