import type { Viewer } from "../platform/auth/viewer";
import type { Em } from "../platform/database/orm";
import { ValidationError } from "../platform/errors";
import { ImportOutcome, type ImportResult } from "../platform/graphql/import-result.type";
import { importCertificates, type CertificateRecord } from "../subgraphs/certification/certificate-import.service";
import { importEnterprises, type EnterpriseRecord } from "../subgraphs/registry/enterprise.service";
import { importInstitutions, type InstitutionRecord } from "../subgraphs/registry/institution.service";
import { importMetrologyResults } from "../subgraphs/metrology/metrology-import.service";
import { issuedRecordKey } from "../platform/database/upsert-rounds";
import type { MetrologyImportRecord } from "../subgraphs/metrology/metrology-rules";
import { importStandards } from "../subgraphs/standards/standard-import.service";
import type { StandardImportRecord } from "../subgraphs/standards/standard-rules";
import { defineRecognitionAgreement, type AgreementInput } from "../subgraphs/recognition/agreement.service";
import { requireText } from "../platform/validation/text";
import { parseStandardCode } from "../platform/validation/standard-code";
import { parseUscc } from "../platform/validation/uscc";
import { CertificateInput } from "../subgraphs/certification/certificate.inputs";
import { MetrologyResultInput } from "../subgraphs/metrology/metrology.inputs";
import { RecognitionAgreementInput } from "../subgraphs/recognition/recognition.inputs";
import { EnterpriseInput, InstitutionInput } from "../subgraphs/registry/registry.inputs";
import { StandardInput } from "../subgraphs/standards/standards.inputs";
import type { CellType } from "./csv-cells";
import { fieldTree, isJsonColumn, type FieldTree } from "./record-fields";
import type { FileFormat } from "./source";

/** Agreements have no bulk service: each is defined (upserted by id) by the mutation's own service. */
async function importAgreements(em: Em, records: AgreementInput[], viewer: Viewer): Promise<ImportResult> {
  const outcome = new ImportOutcome();
  for (const [index, record] of records.entries()) {
    try {
      await defineRecognitionAgreement(em, viewer, record);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      outcome.rejectError(index, error);
    }
  }
  return outcome.result(records.length);
}

/**
 * What the CLI can import: each kind goes through the very service its import mutation calls, so a
 * file row and a mutation record are validated by the same rules.
 */
export interface ImportKind {
  name: string;
  /** The import mutation's input type: a row may have its fields and no other (UNKNOWN_FIELD). */
  fields: FieldTree;
  importBatch(em: Em, records: unknown[], viewer: Viewer): Promise<ImportResult>;
  /** Columns read as numbers from CSV (see csvCellType). */
  numericFields: readonly string[];
  /**
   * The key a record is stored under, as the service normalises it (null: the record has none and is
   * refused), which the service refuses twice in one call (DUPLICATE_IN_BATCH). The CLI imports a
   * key's last row in the file and counts its earlier ones as replaced (see scanRepeatedKeys), so a
   * file imported again changes nothing, whatever the batch size.
   */
  key?: (record: unknown) => string | null;
  /**
   * The next batch may be written while the one before commits: the pipeline holds back a batch
   * sharing a key with one in flight. A kind without it imports one batch at a time.
   */
  pipelined?: boolean;
}

/** The key as the service normalises it, or null for a record the service refuses anyway. */
const keyOr = (key: (record: Record<string, unknown>) => string) => (record: unknown): string | null => {
  try {
    return key(record as Record<string, unknown>);
  } catch {
    return null;
  }
};

/** An institution's or an agreement's id, as their services read it (trimmed text of up to 64 characters). */
const idKey = keyOr((r) => requireText(r.id as string, "id", 64));

export const IMPORT_KINDS: Record<string, ImportKind> = {
  enterprises: {
    name: "enterprises",
    fields: fieldTree(EnterpriseInput),
    numericFields: [],
    importBatch: (em, records) => importEnterprises(em, records as EnterpriseRecord[]),
    key: keyOr((r) => parseUscc(r.uscc as string, "uscc").code),
  },
  institutions: {
    name: "institutions",
    fields: fieldTree(InstitutionInput),
    numericFields: [],
    importBatch: (em, records) => importInstitutions(em, records as InstitutionRecord[]),
    key: idKey,
  },
  certificates: {
    name: "certificates",
    fields: fieldTree(CertificateInput),
    numericFields: [],
    importBatch: (em, records, viewer) => importCertificates(em, records as CertificateRecord[], viewer),
    key: issuedRecordKey,
    pipelined: true,
  },
  standards: {
    name: "standards",
    fields: fieldTree(StandardInput),
    numericFields: [],
    importBatch: (em, records, viewer) => importStandards(em, records as StandardImportRecord[], viewer),
    key: keyOr((r) => parseStandardCode(r.code as string, "code").code),
  },
  metrology: {
    name: "metrology",
    fields: fieldTree(MetrologyResultInput),
    numericFields: ["uncertainty.value", "uncertainty.coverageFactor"],
    importBatch: (em, records, viewer) => importMetrologyResults(em, records as MetrologyImportRecord[], viewer),
    key: issuedRecordKey,
    pipelined: true,
  },
  agreements: {
    name: "agreements",
    fields: fieldTree(RecognitionAgreementInput),
    numericFields: [],
    importBatch: (em, records, viewer) => importAgreements(em, records as AgreementInput[], viewer),
    key: idKey,
  },
};

/**
 * How a CSV column of the kind is read: a list or an object not dotted into columns as JSON, a number
 * field as a number, and every other field as text, whatever it starts with.
 */
export const csvCellType = (kind: ImportKind) => (column: string): CellType =>
  isJsonColumn(column, kind.fields) ? "json" : kind.numericFields.includes(column) ? "number" : "text";

export const kindNames = (): string[] => Object.keys(IMPORT_KINDS);

/**
 * The kind and format from a file name such as `certificates.ndjson` or `zj-enterprises-2026.csv`. A
 * name that names several kinds (`zj-enterprise-certificates.ndjson`) gives none, and `ambiguous`
 * lists them: taking the first would refuse every row of the file for fields it does not have.
 */
export function inferFromFileName(file: string): { kind?: string; format?: FileFormat; ambiguous?: string[] } {
  const base = file.split(/[\\/]/).pop()!.toLowerCase();
  const format = base.endsWith(".csv") ? "csv" : base.endsWith(".ndjson") || base.endsWith(".jsonl") ? "ndjson" : undefined;
  const aliases: Record<string, string> = { enterprise: "enterprises", institution: "institutions", certificate: "certificates", standard: "standards", metrology: "metrology", agreement: "agreements" };
  const kinds = [...new Set(Object.keys(aliases).filter((alias) => new RegExp(`(^|[^a-z])${alias}`).test(base)).map((alias) => aliases[alias]!))];
  if (kinds.length > 1) return { format, ambiguous: kinds };
  return { kind: kinds[0], format };
}
