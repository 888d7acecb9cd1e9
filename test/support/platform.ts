import { signToken, type TokenClaims } from "../../src/platform/auth/viewer";
import { sqlStatementCount } from "../../src/platform/database/statement-counter";
import { createSubgraphs, federationOf } from "../../src/subgraphs/catalog";
import { startPlatform, type RunningPlatform } from "../../src/start-platform";
import { createTestDatabase, type TestDatabase } from "./database";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestPlatform {
  db: TestDatabase;
  platform: RunningPlatform;
  gatewayUrl: string;
  /** POST to the gateway; `as` mints a token for those claims. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: TokenClaims | string): Promise<GraphQLResponse<T>>;
  /** Like query, and fails the test on any GraphQL error. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: TokenClaims | string): Promise<T>;
  stop(): Promise<void>;
}

export const ADMIN: TokenClaims = { sub: "admin-1", role: "admin" };

export function tokenFor(claims: TokenClaims): string {
  return signToken(claims, process.env.AUTH_JWT_SECRET!);
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

/**
 * A migrated database of its own and the whole federation (every subgraph, the gateway) on free ports;
 * `subgraphs` limits it to those named, so a feature is testable while another subgraph is being built.
 */
export async function startTestPlatform(subgraphs?: string[]): Promise<TestPlatform> {
  const db = await createTestDatabase();
  const platform = await startPlatform(db.orm, createSubgraphs(subgraphs && federationOf(subgraphs)), { port: 0, host: "127.0.0.1" }).catch(async (error) => {
    await db.drop();
    throw error;
  });
  const gatewayUrl = platform.gateway.url;
  const query: TestPlatform["query"] = async (q, variables, as) => {
    const headers: Record<string, string> = {};
    if (as) headers.authorization = `Bearer ${typeof as === "string" ? as : tokenFor(as)}`;
    return post(gatewayUrl, { query: q, variables }, headers) as never;
  };
  return {
    db,
    platform,
    gatewayUrl,
    query,
    ok: async (q, variables, as) => {
      const response = await query(q, variables, as);
      if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      return response.data as never;
    },
    stop: async () => {
      await platform.stop();
      await db.drop();
    },
  };
}

/** SQL statements the whole process sent while `fn` ran (subgraphs run in this process in tests). */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = sqlStatementCount();
  const result = await fn();
  return { result, statements: sqlStatementCount() - before };
}
