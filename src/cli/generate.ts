import "../import/cli-env";
import "reflect-metadata";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../demo/generator";
import { generateAgreements } from "../demo/agreements.generator";
import { generateMetrologyResults } from "../demo/metrology.generator";
import { generateStandards } from "../demo/standards.generator";
import { writeRecords } from "../import/file-writer";
import type { FileFormat } from "../import/source";

const USAGE = `usage: npm run generate -- --certificates 1000000 --out data/ [--seed N] [--format ndjson|csv|both] [--bad-rows 0.01]
Writes a deterministic YRD dataset in the import formats: institutions, standards, enterprises
(certificates/5), certificates, metrology results (certificates/2) and the recognition agreements,
to import in that order with npm run import.`;

/** Files in import order: each names only what the ones before it hold. */
const ORDER = ["institutions", "standards", "enterprises", "certificates", "metrology", "agreements"];

/** Columns a first record may leave empty but later ones fill: named up front so CSV keeps them. */
const CSV_COLUMNS: Record<string, string[]> = {
  certificates: ["status"],
  standards: ["province", "supersedesCodes", "equivalentCodes"],
  agreements: ["effectiveUntil"],
  metrology: ["instrument.model", "validUntil", "conclusion", "uncertainty.value", "uncertainty.unit", "uncertainty.coverageFactor"],
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      certificates: { type: "string", default: "10000" },
      out: { type: "string", default: "data" },
      seed: { type: "string" },
      format: { type: "string", default: "ndjson" },
      "bad-rows": { type: "string", default: "0" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const certificates = Number(values.certificates);
  const badRows = Number(values["bad-rows"]);
  if (!Number.isInteger(certificates) || certificates < 1) throw new Error("--certificates must be a positive integer");
  if (!(badRows >= 0 && badRows < 1)) throw new Error("--bad-rows must be a share from 0 to below 1, e.g. 0.01");
  const formats: FileFormat[] = values.format === "both" ? ["ndjson", "csv"] : [values.format as FileFormat];
  if (!formats.every((f) => f === "ndjson" || f === "csv")) throw new Error("--format must be ndjson, csv or both");
  const seed = values.seed !== undefined ? Number(values.seed) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error("--seed must be an integer");
  const options = sizesFor(certificates, seed, badRows);
  mkdirSync(values.out, { recursive: true });
  const started = Date.now();

  // Certificates name their holders, so the enterprises' USCCs (bad ones included) are kept; at a
  // million certificates that is 200,000 short strings.
  const holders: { uscc: string }[] = [];
  for (const format of formats) {
    const file = (name: string) => path.join(values.out, `${name}.${format}`);
    const written: Record<string, number> = {};
    written.institutions = await writeRecords(file("institutions"), format, generateInstitutions());
    written.standards = await writeRecords(file("standards"), format, generateStandards() as unknown as Record<string, unknown>[], CSV_COLUMNS.standards);
    const collect = holders.length === 0;
    written.enterprises = await writeRecords(file("enterprises"), format, (function* () {
      for (const e of generateEnterprises(options)) {
        if (collect) holders.push({ uscc: e.uscc });
        yield e;
      }
    })());
    written.certificates = await writeRecords(file("certificates"), format, generateCertificates(options, holders), CSV_COLUMNS.certificates);
    const metrology = generateMetrologyResults(options, holders) as unknown as Iterable<Record<string, unknown>>;
    written.metrology = await writeRecords(file("metrology"), format, metrology, CSV_COLUMNS.metrology);
    written.agreements = await writeRecords(file("agreements"), format, generateAgreements() as unknown as Record<string, unknown>[], CSV_COLUMNS.agreements);
    for (const [name, count] of Object.entries(written)) console.log(`wrote ${file(name)}: ${count} rows`);
  }
  console.log(`seed ${options.seed}, bad rows ${badRows}, in ${((Date.now() - started) / 1000).toFixed(1)} s. Import in this order:`);
  for (const name of ORDER) console.log(`  npm run import -- ${path.join(values.out, `${name}.${formats[0]}`)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`generate failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
