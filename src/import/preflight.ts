// What is told of an import before any row is read: its kind and format, the file's shape, its fields.
import { csvColumns } from "./csv-reader";
import { IMPORT_KINDS, inferFromFileName, kindNames, type ImportKind } from "./kinds";
import { readNdjson } from "./ndjson-reader";
import { columnNames, isKnownColumn, isRecord, unknownField } from "./record-fields";
import { checkFileShape, type FileFormat } from "./source";
import type { TextEncodingName } from "./text-encoding";

export function resolveKindAndFormat(options: { file: string; kind?: string; format?: FileFormat }): { kind: ImportKind; format: FileFormat } {
  const inferred = inferFromFileName(options.file);
  const kindName = options.kind ?? inferred.kind;
  const format = options.format ?? inferred.format;
  if (!kindName && inferred.ambiguous) {
    throw new Error(`The name of ${options.file} matches several kinds (${inferred.ambiguous.join(", ")}): pass --kind (${kindNames().join("|")})`);
  }
  if (!kindName) throw new Error(`Cannot tell what ${options.file} holds: pass --kind (${kindNames().join("|")})`);
  const kind = IMPORT_KINDS[kindName];
  if (!kind) throw new Error(`Unknown kind "${kindName}"; this build imports ${kindNames().join(", ")}`);
  if (!format) throw new Error(`Cannot tell the format of ${options.file}: pass --format ndjson|csv`);
  if (format !== "ndjson" && format !== "csv") throw new Error(`Unknown format "${String(format)}": ndjson or csv`);
  return { kind, format };
}

/**
 * What can be told of a file before its rows: its shape, and for CSV the header's columns. A file
 * refused here has had nothing imported; the CLI says so since no checkpoint was opened.
 */
export async function checkFile(file: string, format: FileFormat, encoding: TextEncodingName, kind: ImportKind): Promise<void> {
  await checkFileShape(file, format, encoding);
  if (format === "ndjson") return checkNdjsonFields(file, encoding, kind);
  // A misspelt column ("Status", "validUnti") would otherwise be dropped from every row unseen.
  // Named in the message: the header's faults are the file's, and a script may import many files.
  const columns = await csvColumns(file, encoding).catch((error: Error) => {
    throw new Error(`${file}: ${error.message}`);
  });
  const unknown = columns.filter((column) => !isKnownColumn(column, kind.fields));
  if (unknown.length) {
    throw new Error(`${file} has columns that ${kind.name} do not have: ${unknown.map((c) => `"${c}"`).join(", ")}; the columns are ${columnNames(kind.fields).join(", ")}`);
  }
}

/** Records sampled from the start of an NDJSON file to tell a file of another kind. */
const SAMPLED_ROWS = 20;

/**
 * A file whose first records all have fields the kind lacks is a file of another kind (a wrong --kind,
 * or a name that misled), as a CSV header with unknown columns is: stopped before any row, naming the
 * kind whose fields they fit, rather than every row refused as UNKNOWN_FIELD with exit code 0. Judged
 * on 20 records, or on fewer (a short file) only when they all fit another kind: a short file of the
 * right kind with a stray field keeps its rows refused one by one.
 */
async function checkNdjsonFields(file: string, encoding: TextEncodingName, kind: ImportKind): Promise<void> {
  const sampled: Record<string, unknown>[] = [];
  const rows = readNdjson(file, { startOffset: 0, startRow: 0, encoding });
  try {
    for await (const row of rows) {
      if (isRecord(row.record)) sampled.push(row.record as Record<string, unknown>);
      if (sampled.length === SAMPLED_ROWS) break;
    }
  } finally {
    await rows.return(undefined);
  }
  const unknown = sampled.map((record) => unknownField(record, kind.fields));
  if (!sampled.length || unknown.some((field) => field === null)) return;
  const fitting = Object.values(IMPORT_KINDS).filter((other) => sampled.every((record) => unknownField(record, other.fields) === null)).map((other) => other.name);
  if (!fitting.length && sampled.length < SAMPLED_ROWS) return;
  const fields = [...new Set(unknown)].slice(0, 5).map((f) => `"${f}"`).join(", ");
  const which = sampled.length === 1 ? "its first record has" : `each of its first ${sampled.length} records has`;
  throw new Error(
    `${file} does not look like ${kind.name}: ${which} a field ${kind.name} do not have (${fields})` +
      (fitting.length ? `; its records fit ${fitting.join(" or ")}: pass --kind ${fitting[0]}` : `; the fields are ${columnNames(kind.fields).join(", ")}`),
  );
}

