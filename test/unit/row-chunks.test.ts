import { inChunks, RowTaker } from "../../src/import/row-chunks";
import type { SourceRow } from "../../src/import/source";

const row = (n: number): SourceRow => ({ row: n, endOffset: n * 10, record: { n } });

async function* chunksOf(sizes: number[], onReturn?: () => void): AsyncGenerator<SourceRow[]> {
  let n = 0;
  try {
    for (const size of sizes) yield Array.from({ length: size }, () => row(++n));
  } finally {
    onReturn?.();
  }
}

async function* rowsUpTo(count: number): AsyncGenerator<SourceRow> {
  for (let n = 1; n <= count; n++) yield row(n);
}

describe("RowTaker", () => {
  it("takes rows in batches of the size asked for across chunks of any size, and the rest at the end", async () => {
    const taker = new RowTaker(chunksOf([3, 1, 0, 7, 2]));
    const batches: number[][] = [];
    for (let rows = await taker.take(4); rows.length; rows = await taker.take(4)) batches.push(rows.map((r) => r.row));
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13]]);
  });

  it("gives nothing more once the rows are taken", async () => {
    const taker = new RowTaker(chunksOf([2]));
    expect((await taker.take(5)).length).toBe(2);
    expect(await taker.take(5)).toEqual([]);
  });

  it("ends the reading when closed early, as a failed import does", async () => {
    let returned = false;
    const taker = new RowTaker(chunksOf([5, 5, 5], () => (returned = true)));
    expect((await taker.take(2)).map((r) => r.row)).toEqual([1, 2]);
    await taker.close();
    expect(returned).toBe(true);
  });
});

describe("inChunks", () => {
  it("groups a row-by-row reader into chunks of the size given, with the rows in order", async () => {
    const chunks: number[][] = [];
    for await (const chunk of inChunks(rowsUpTo(7), 3)) chunks.push(chunk.map((r) => r.row));
    expect(chunks).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("yields nothing for a reader with no rows", async () => {
    const chunks: unknown[] = [];
    for await (const chunk of inChunks(rowsUpTo(0))) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
