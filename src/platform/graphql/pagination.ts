import { Field, ObjectType, Directive } from "type-graphql";
import { loadConfig } from "../config";
import { badUserInput, limitExceeded } from "../errors";

@Directive("@shareable")
@ObjectType({ description: "Relay page information" })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Cursors are opaque to clients: base64url of the keyset position, prefixed by what they page. */
export function encodeCursor(scope: string, key: string | number): string {
  return Buffer.from(`${scope}:${key}`).toString("base64url");
}

export function decodeCursor(scope: string, cursor: string | null | undefined, field = "after"): string | undefined {
  if (cursor === null || cursor === undefined || cursor === "") return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const prefix = `${scope}:`;
  if (!text.startsWith(prefix) || text.length === prefix.length) {
    throw badUserInput("CURSOR_INVALID", `"${cursor}" is not a cursor of this list`, field);
  }
  return text.slice(prefix.length);
}

export function decodeIdCursor(scope: string, cursor: string | null | undefined): string | undefined {
  const key = decodeCursor(scope, cursor);
  if (key !== undefined && !/^\d{1,18}$/.test(key)) throw badUserInput("CURSOR_INVALID", "Malformed cursor", "after");
  return key;
}

/** Page sizes above MAX_PAGE_SIZE are refused with LIMIT_EXCEEDED rather than silently clamped. */
export function pageSize(first: number | null | undefined, fallback = 20, max = loadConfig().maxPageSize): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0) throw badUserInput("PAGE_SIZE", "first must be zero or more", "first");
  if (size > max) throw limitExceeded(`first may be at most ${max}, got ${size}`);
  return size;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Turns `first + 1` fetched rows into a page: the extra row only says that more exist. */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** A connection whose totalCount is counted only when a client asks for it. */
export interface CountedPage<T> extends Page<T> {
  countTotal: () => Promise<number>;
}
