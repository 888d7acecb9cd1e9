/** Builders for standards tests: a record as importStandards takes it, with sensible defaults. */
export const standardInput = (code: string, over: Record<string, unknown> = {}) => ({
  code, title: `标准 ${code}`, kind: "NATIONAL", status: "EFFECTIVE", publishedOn: "2016-12-30", effectiveOn: "2017-07-01", ...over,
});

export const IMPORT_STANDARDS = `mutation($records: [StandardInput!]!) { importStandards(records: $records) { accepted rejected { index code field message } } }`;
