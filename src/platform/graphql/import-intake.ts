import type { ImportOutcome } from "./import-result.type";

/** A record that passed the intake, with its index in the batch. */
export interface Candidate<Row> {
  index: number;
  row: Row;
}

/**
 * What an import of records keyed by issuer and number (certificates, metrology results) checks before
 * the database: each record is normalised (a ValidationError rejects it with its code), a key seen
 * earlier in the batch is DUPLICATE_IN_BATCH, and a record the caller may not import is FORBIDDEN.
 */
export function intakeRecords<Input, Row>(
  records: readonly Input[],
  outcome: ImportOutcome,
  rules: {
    normalise(record: Input): Row;
    key(row: Row): string;
    /** The message of DUPLICATE_IN_BATCH. */
    duplicate(row: Row): string;
    mayImport(row: Row): boolean;
    /** The message of FORBIDDEN. */
    forbidden: string;
  },
): Candidate<Row>[] {
  const candidates: Candidate<Row>[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    try {
      const row = rules.normalise(record);
      const key = rules.key(row);
      if (seen.has(key)) return outcome.reject(index, "DUPLICATE_IN_BATCH", rules.duplicate(row), "number");
      seen.add(key);
      if (!rules.mayImport(row)) return outcome.reject(index, "FORBIDDEN", rules.forbidden, "issuerId");
      candidates.push({ index, row });
    } catch (error) {
      outcome.rejectError(index, error);
    }
  });
  return candidates;
}
