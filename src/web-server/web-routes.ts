import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { logger } from "../platform/logger";
import { isSubjectId, qrPng, qrSvg, verificationUrl } from "./qr-codes";
import { PAGE_HEADERS, sendFile } from "./static-files";
import { webDistDir } from "./web-dist";

export interface WebRoutesOptions {
  /** The origin printed into QR codes (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** The built pages (see web-dist.ts). */
  distDir?: string;
}

/** Path to the page file for the routes that are pages. */
function pageFor(pathname: string): string | undefined {
  if (pathname === "/verify" || pathname === "/verify/" || /^\/verify\/[^/]+$/.test(pathname)) return "verify.html";
  if (pathname === "/console" || pathname === "/console/") return "console.html";
  return undefined;
}

const QR_PATH = /^\/qr\/([^/]+)\.(svg|png)$/;

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

async function serveQr(res: ServerResponse, options: WebRoutesOptions, id: string, format: string, head: boolean): Promise<void> {
  if (!isSubjectId(id)) return plain(res, 404, "Unknown id");
  const url = verificationUrl(options.publicBaseUrl, id);
  const body = format === "svg" ? await qrSvg(url) : await qrPng(url);
  res.writeHead(200, {
    "content-type": format === "svg" ? "image/svg+xml" : "image/png",
    "content-length": Buffer.byteLength(body),
    // The code depends only on the id and the configured base URL.
    "cache-control": "public, max-age=86400",
    "x-content-type-options": "nosniff",
  });
  res.end(head ? undefined : body);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: WebRoutesOptions, pathname: string): Promise<boolean> {
  const head = req.method === "HEAD";
  const qr = QR_PATH.exec(pathname);
  if (qr) {
    await serveQr(res, options, qr[1]!, qr[2]!, head);
    return true;
  }
  const distDir = options.distDir ?? webDistDir();
  const page = pageFor(pathname);
  if (page) {
    if (await sendFile(res, distDir, page, head)) return true;
    plain(res, 503, "The web pages are not built: run `npm run build` (vite build --config web/vite.config.ts).", PAGE_HEADERS);
    return true;
  }
  if (pathname.startsWith("/assets/")) {
    if (!(await sendFile(res, distDir, pathname.slice(1), head))) plain(res, 404, "Not found");
    return true;
  }
  return false;
}

/**
 * Puts the public verification page, the regulator console, their bundle and the QR codes in front of
 * `next` (the gateway). They are served before the gateway's guard: pages and codes are public, cost no
 * GraphQL work, and every GraphQL call the pages make goes through /graphql and its limits as usual.
 */
export function withWebRoutes(next: RequestListener, options: WebRoutesOptions): RequestListener {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next(req, res);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === "/") {
      res.writeHead(302, { location: "/verify" });
      res.end();
      return;
    }
    handle(req, res, options, pathname).then(
      (handled) => {
        if (!handled) next(req, res);
      },
      (error: unknown) => {
        logger.error({ err: error, path: pathname }, "web route failed");
        if (!res.headersSent) plain(res, 500, "Internal error");
        else res.destroy();
      },
    );
  };
}
