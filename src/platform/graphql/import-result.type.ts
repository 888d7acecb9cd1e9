import { Field, Int, ObjectType, Directive } from "type-graphql";
import { ValidationError } from "../errors";

@Directive("@shareable")
@ObjectType({ description: "A record refused by an import; nothing of it was stored" })
export class RowError {
  @Field(() => Int, { description: "Position in the records list" })
  index!: number;

  @Field(() => String, { description: "Why, e.g. USCC_CHECKSUM, DATE_ORDER, UNKNOWN_ISSUER" })
  code!: string;

  @Field(() => String, { nullable: true })
  field?: string | null;

  @Field(() => String)
  message!: string;
}

@Directive("@shareable")
@ObjectType()
export class ImportResult {
  @Field(() => Int, { description: "Rows stored: new, changed or already identical" })
  accepted!: number;

  @Field(() => [RowError])
  rejected!: RowError[];
}

/** Collects the per-row outcome of a batch: each row is either accepted or has exactly one error. */
export class ImportOutcome {
  readonly rejected: RowError[] = [];
  private readonly refused = new Set<number>();

  reject(index: number, code: string, message: string, field?: string): void {
    if (this.refused.has(index)) return;
    this.refused.add(index);
    this.rejected.push({ index, code, message, field: field ?? null });
  }

  rejectError(index: number, error: unknown): void {
    if (error instanceof ValidationError) this.reject(index, error.reason, error.message, error.field);
    else throw error;
  }

  isRejected(index: number): boolean {
    return this.refused.has(index);
  }

  result(total: number): ImportResult {
    this.rejected.sort((a, b) => a.index - b.index);
    return { accepted: total - this.refused.size, rejected: this.rejected };
  }
}

/** Imports above this size are refused whole: a larger file goes through `npm run import`. */
export const MAX_IMPORT_BATCH = 10_000;
