import { createReadStream, promises as fs } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * The pages may load only what this server sends: no CDN, no inline script, no framing. connect-src
 * allows the same-origin GraphQL endpoint over HTTP and WebSocket (graphql-ws for the live panel).
 */
export const PAGE_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * Sends `relative` from `root` when it is a file inside it; false when there is none (the caller
 * answers 404). Hashed bundle files never change, so they are cached for a year; pages are revalidated.
 */
export async function sendFile(res: ServerResponse, root: string, relative: string, head: boolean): Promise<boolean> {
  const file = path.resolve(root, "." + path.posix.normalize("/" + relative));
  if (!file.startsWith(root + path.sep)) return false;
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) return false;
  const immutable = relative.startsWith("assets/");
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    "content-length": stat.size,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    ...PAGE_HEADERS,
  });
  if (head) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on("error", reject).on("end", resolve).pipe(res);
  });
  return true;
}
