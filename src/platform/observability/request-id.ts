import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Router } from "express";
import { logger } from "../logger";
import { isDraining } from "./lifecycle";
import { httpResponses, metricsText } from "./metrics";

/** A caller-chosen id is kept when it is a plain token; anything else is replaced, so logs stay clean. */
export function acceptRequestId(value: string | string[] | undefined): string {
  const id = Array.isArray(value) ? value[0] : value;
  return id && /^[A-Za-z0-9._:-]{1,128}$/.test(id) ? id : randomUUID();
}

async function sendMetrics(res: ServerResponse): Promise<void> {
  const { contentType, body } = await metricsText();
  res.writeHead(200, { "content-type": contentType });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * The gateway's front: `/metrics`, `/healthz` (alive) and `/readyz` (schema composed and not draining)
 * are answered here; every other request gets an `x-request-id` (the caller's, or a new one), which
 * the gateway forwards to every subgraph call and returns to the caller, and one access-log line.
 */
export function gatewayFront(handler: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") return void sendMetrics(res).catch(() => json(res, 500, { status: "metrics failed" }));
    if (req.method === "GET" && path === "/healthz") return json(res, 200, { status: "ok" });
    if (req.method === "GET" && path === "/readyz") return isDraining() ? json(res, 503, { status: "draining" }) : json(res, 200, { status: "ready" });
    const requestId = acceptRequestId(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      httpResponses.inc({ status: String(res.statusCode) });
      logger.info({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6) }, "request");
    });
    handler(req, res);
  };
}

/** `/metrics` for a subgraph's express app. */
export function metricsRoute(): Router {
  const router = Router();
  router.get("/metrics", (_req, res) => {
    metricsText().then(
      ({ contentType, body }) => res.type(contentType).send(body),
      () => res.status(500).json({ status: "metrics failed" }),
    );
  });
  return router;
}
