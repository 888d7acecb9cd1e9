import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { csvLine, toCsvCells } from "./csv-cells";
import type { FileFormat } from "./source";

/**
 * Writes records to disk as they are generated, honouring back-pressure, so a dataset of millions of
 * rows never sits in memory. CSV columns are those of the first record (flattened to dotted names),
 * plus any given up front for fields the first record happens to lack.
 */
export async function writeRecords(path: string, format: FileFormat, records: Iterable<Record<string, unknown>>, extraColumns: string[] = []): Promise<number> {
  const out = createWriteStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  let columns: string[] | null = null;
  let count = 0;
  let pending = "";
  const flush = async () => {
    if (!out.write(pending)) await once(out, "drain");
    pending = "";
  };
  for (const record of records) {
    if (format === "csv") {
      const cells = toCsvCells(record);
      if (!columns) {
        columns = [...new Set([...Object.keys(cells), ...extraColumns])];
        pending += columns.join(",") + "\n";
      }
      pending += csvLine(columns, cells) + "\n";
    } else {
      pending += JSON.stringify(record) + "\n";
    }
    count++;
    if (pending.length > 256 * 1024) await flush();
  }
  if (format === "csv" && !columns) pending += extraColumns.join(",") + "\n";
  await flush();
  out.end();
  await once(out, "finish");
  return count;
}
