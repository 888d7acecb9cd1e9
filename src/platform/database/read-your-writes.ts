/**
 * Read-your-own-writes across stateless instances, without shared state: after a mutation the gateway
 * returns the time of the write in the `x-yrd-last-write` header and in a cookie of the same name; the
 * caller echoes either on its next requests; the gateway forwards it to every subgraph, and a subgraph
 * reads from a replica only if that replica is known to have replayed the primary's WAL as of a moment
 * after that time (src/platform/database/replicas.ts). Callers that echo nothing still get a replica no
 * further behind than REPLICA_MAX_LAG_MS.
 */
export const LAST_WRITE_HEADER = "x-yrd-last-write";
export const LAST_WRITE_COOKIE = "yrd_last_write";
/** How long the cookie asks to be echoed: far longer than any lag a replica is used at. */
const COOKIE_MAX_AGE_S = 300;

/** The caller's last write time (epoch ms) from the header, else the cookie; undefined when absent or malformed. */
export function lastWriteOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  const header = headers[LAST_WRITE_HEADER];
  const raw = (Array.isArray(header) ? header[0] : header) ?? cookieValue(headers.cookie, LAST_WRITE_COOKIE);
  if (!raw || !/^\d{1,16}$/.test(raw)) return undefined;
  return Number(raw);
}

function cookieValue(cookie: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(cookie) ? cookie.join(";") : cookie;
  if (!text) return undefined;
  for (const part of text.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

interface ExecuteArgs {
  args: { contextValue: { request?: Request }; operationName?: string | null; document: { definitions: readonly { kind: string; operation?: string; name?: { value: string } }[] } };
}

/** Gateway plugin: a response to a mutation carries the write time, as a header and a cookie. */
export function lastWritePlugin() {
  const wrote = new WeakSet<Request>();
  return {
    onExecute({ args }: ExecuteArgs) {
      const definition = args.document.definitions.find((d) => d.kind === "OperationDefinition" && (!args.operationName || d.name?.value === args.operationName));
      if (definition?.operation === "mutation" && args.contextValue.request) wrote.add(args.contextValue.request);
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      if (!wrote.has(request)) return;
      // Taken after the subgraphs committed: any replica fresh as of this moment has the write.
      const now = String(Date.now());
      response.headers.set(LAST_WRITE_HEADER, now);
      response.headers.append("set-cookie", `${LAST_WRITE_COOKIE}=${now}; Max-Age=${COOKIE_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax`);
    },
  };
}
