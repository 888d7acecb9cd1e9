import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import type { Viewer } from "../auth/viewer";
import { ErrorCode } from "../errors";
import { RateLimiter } from "./rate-limiter";
import type { SecurityLimits } from "./limits";

/** What the gateway's HTTP front door needs to know. */
export interface GuardOptions {
  limits: SecurityLimits;
  verify: (authorization: string | undefined) => Viewer;
}

function reply(res: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { "content-type": "application/graphql-response+json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Reads the body up to `max` bytes; resolves undefined (and stops reading) when it is larger. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off("data", onData);
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** Who the rate limiter counts: the token's subject, else the client address. */
export const callerKey = (viewer: Viewer, address: string | undefined): string => (viewer.sub ? `${viewer.role}:${viewer.sub}` : `ip:${address ?? "unknown"}`);

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The gateway's front door, before any GraphQL work: a bad token is refused with 401, each caller
 * (token subject, else client address) is rate limited (429), and a body over the limit is refused
 * with 413, each as a GraphQL error with a contract code.
 */
export function guardHttp(handler: RequestListener, options: GuardOptions): RequestListener & { limiter: RateLimiter } {
  const { limits } = options;
  const limiter = new RateLimiter(limits.rateLimitPerMinute, limits.rateLimitBurst);
  const guarded = (req: IncomingMessage, res: ServerResponse) => {
    let viewer: Viewer;
    try {
      viewer = options.verify(headerValue(req.headers.authorization));
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : "Invalid token";
      return reply(res, 401, ErrorCode.UNAUTHENTICATED, message, { "www-authenticate": 'Bearer error="invalid_token"' });
    }
    // One id per client request, forwarded to every subgraph, ties the logs and audit rows together.
    const requestId = headerValue(req.headers["x-request-id"]);
    if (!requestId || !/^[\w.:-]{1,100}$/.test(requestId)) req.headers["x-request-id"] = randomUUID();
    const waitMs = limiter.take(callerKey(viewer, req.socket.remoteAddress));
    if (waitMs > 0) {
      return reply(res, 429, ErrorCode.LIMIT_EXCEEDED, "Too many requests; slow down", { "retry-after": String(Math.ceil(waitMs / 1000)) });
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limits.maxBodyBytes) {
      req.resume();
      return reply(res, 413, ErrorCode.LIMIT_EXCEEDED, `The request body may be at most ${limits.maxBodyBytes} bytes`, { connection: "close" });
    }
    if (req.method === "GET" || req.method === "HEAD") return handler(req, res);
    // Bodies sent in chunks declare no length: read them here, counting, and hand the gateway the bytes.
    readBody(req, limits.maxBodyBytes).then(
      (body) => {
        if (!body) return reply(res, 413, ErrorCode.LIMIT_EXCEEDED, `The request body may be at most ${limits.maxBodyBytes} bytes`, { connection: "close" });
        if (body.length > 0) (req as IncomingMessage & { body?: Buffer }).body = body;
        handler(req, res);
      },
      () => reply(res, 400, ErrorCode.BAD_USER_INPUT, "The request body could not be read"),
    );
  };
  return Object.assign(guarded, { limiter });
}

/** The same check for graphql-ws: a connection_init whose token does not verify. */
export function verifiesOrNull(verify: GuardOptions["verify"], authorization: unknown): Viewer | null {
  if (authorization !== undefined && authorization !== null && typeof authorization !== "string") return null;
  try {
    return verify(authorization ?? undefined);
  } catch {
    return null;
  }
}
