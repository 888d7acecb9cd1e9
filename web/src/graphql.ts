/** One GraphQL error as the contract sends it: extensions.code is one of the contract's codes. */
export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; field?: string };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
}

/** The pages talk only to the public API on the same origin. */
export const GRAPHQL_PATH = "/graphql";

/** POSTs one operation. Transport failures come back as an error item, so callers handle one shape. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(GRAPHQL_PATH, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json().catch(() => undefined)) as GraphQLResult<T> | undefined;
    if (body && (body.data || body.errors)) return body;
    return { errors: [{ message: `HTTP ${response.status}` }] };
  } catch (error) {
    return { errors: [{ message: error instanceof Error ? error.message : String(error) }] };
  }
}

/** "message (CODE)" for showing to a person. */
export function describeErrors(errors: GraphQLErrorItem[] | undefined): string {
  return (errors ?? []).map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join("; ");
}
