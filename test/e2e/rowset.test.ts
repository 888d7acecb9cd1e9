import { executeBound } from "../../src/platform/database/bound-query";
import { rowset } from "../../src/platform/database/rowset";
import { createTestDatabase, type TestDatabase } from "../support/database";

// A bulk write's rows travel as one array literal per column: every value must come back as it went.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const ROWS = rowset({ n: "bigint", label: "text", codes: "text[]", day: "date", at: "timestamptz", flag: "boolean" });
type Row = Parameters<typeof ROWS.params>[0][number];

async function roundTrip(rows: Row[]) {
  return executeBound<{ n: string; label: string | null; codes: string[] | null; day: string | null; at: string | null; flag: boolean | null }>(db.orm.em.fork(),
    `select n::text as n, label, codes, day::text as day, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, flag
     from ${ROWS.from("r")} order by r.n`,
    ROWS.params(rows),
  );
}

describe("rowset", () => {
  const HOSTILE = ["a,b", "{x}", 'say "hi"', "back\\slash", "ends\\", "\\n", "NULL", "null", "", "  padded  ", "上海市 · 质量", "\\\"", "'quoted'", "ＡＢＣ", "😀"];
  // Characters JSON writes as escapes of its own: their columns go element by element.
  const CONTROL = ["tab\there", "line\nbreak", "\u0001", "lone \ud800 surrogate", "\r\n"];

  it.each([["without", HOSTILE], ["with", [...HOSTILE, ...CONTROL]]])("brings back text that an array literal would read as syntax, %s control characters", async (_, labels) => {
    const rows = labels.map((label, i) => ({ n: i + 1, label, codes: [label, `${label}-2`], day: "2026-01-02", at: "2026-01-02T03:04:05Z", flag: i % 2 === 0 }));
    const back = await roundTrip(rows);
    // A lone surrogate cannot be stored in UTF-8: the driver sends it as U+FFFD, as it would in any parameter.
    const stored = (label: string) => label.replace(/\ud800/g, "\ufffd");
    expect(back.map((r) => r.label)).toEqual(labels.map(stored));
    expect(back.map((r) => r.codes)).toEqual(labels.map((label) => [stored(label), `${stored(label)}-2`]));
    expect(back.map((r) => r.flag)).toEqual(labels.map((_, i) => i % 2 === 0));
  });

  it("stores null as NULL, an empty list as an empty array, and reads dates, instants and big ids", async () => {
    const back = await roundTrip([
      { n: "9007199254740993", label: null, codes: [], day: null, at: null, flag: null },
      { n: 1, label: "x", codes: null, day: "2024-02-29", at: "2026-01-02T00:00:00+08:00", flag: false },
    ]);
    expect(back).toEqual([
      { n: "1", label: "x", codes: null, day: "2024-02-29", at: "2026-01-01T16:00:00", flag: false },
      { n: "9007199254740993", label: null, codes: [], day: null, at: null, flag: null },
    ]);
  });

  it("reads numbers as PostgreSQL's double precision, exactly as JavaScript wrote them", async () => {
    const values = [0.1, 1e-7, 12345.678, -2.5, 0, 1.7976931348623157e308, Infinity, NaN];
    const MEASURES = rowset({ v: "double precision" });
    const back = await executeBound<{ v: number }>(db.orm.em.fork(), `select v from ${MEASURES.from("m")}`, MEASURES.params(values.map((v) => ({ v }))));
    expect(back.map((r) => r.v)).toEqual(values);
  });

  it("gives no rows for no rows, and many rows in one statement", async () => {
    expect(await roundTrip([])).toEqual([]);
    const many = Array.from({ length: 5000 }, (_, i) => ({ n: i, label: `row ${i}`, codes: [`C${i}`], day: "2026-11-26", at: "2026-11-26T00:00:00Z", flag: true }));
    const back = await roundTrip(many);
    expect(back).toHaveLength(5000);
    expect(back[4999]).toMatchObject({ n: "4999", label: "row 4999", codes: ["C4999"] });
  });

  it("refuses a column name it would have to quote", () => {
    expect(() => rowset({ subjectId: "text" })).toThrow(/not a lower-case SQL name/);
    expect(() => rowset({ "a; drop table x": "text" })).toThrow(/not a lower-case SQL name/);
  });
});
