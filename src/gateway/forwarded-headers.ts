import { LAST_WRITE_HEADER, lastWriteOf } from "../platform/database/read-your-writes";

/** Headers every subgraph call carries: the caller's identity and the request id that ties logs together. */
const FORWARDED_HEADERS = ["authorization", "x-request-id"];

/**
 * What a subgraph call carries from the caller's request, over HTTP or in process: its identity, its
 * request id, and its last write time (header or cookie), which decides whether a subgraph may read
 * from a replica.
 */
export function forwardedHeaders(context: unknown): Record<string, string> {
  const headers = (context as { headers?: Record<string, string | undefined> } | undefined)?.headers ?? {};
  const lastWrite = lastWriteOf(headers);
  return {
    ...Object.fromEntries(FORWARDED_HEADERS.flatMap((name) => (headers[name] ? [[name, headers[name]!]] : []))),
    ...(lastWrite === undefined ? {} : { [LAST_WRITE_HEADER]: String(lastWrite) }),
  };
}
