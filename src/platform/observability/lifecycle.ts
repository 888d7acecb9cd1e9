import type http from "node:http";
import net, { type Socket } from "node:net";
import type { WebSocketServer } from "ws";
import { logger } from "../logger";
import { draining as drainingGauge } from "./metrics";
import { shutdownTracing } from "./tracing";

/**
 * Shutdown on SIGTERM, in the order that loses nothing: /readyz turns 503 (load balancers stop
 * sending), subscriptions are closed with 1012 (clients reconnect elsewhere and resume from their
 * last cursor), in-flight HTTP requests finish, then the database pool closes.
 */
export const RESUME_CLOSE_CODE = 1012;
export const RESUME_CLOSE_REASON = "Service restart: resubscribe with your last cursor";

let drainingNow = false;
export const isDraining = (): boolean => drainingNow;

export function beginDrain(): void {
  drainingNow = true;
  drainingGauge.set(1);
}

interface SocketState {
  active: number;
  lastActive: number;
}
const tracked = new WeakMap<http.Server, Map<Socket, SocketState>>();

/**
 * Follows the server's connections and whether each has a request in progress; while draining,
 * responses carry `Connection: close` so keep-alive clients reconnect (to another instance).
 */
export function trackInFlight(server: http.Server): void {
  const sockets = new Map<Socket, SocketState>();
  tracked.set(server, sockets);
  server.on("connection", (socket: Socket) => {
    sockets.set(socket, { active: 0, lastActive: Date.now() });
    socket.once("close", () => sockets.delete(socket));
  });
  // Before the application's handler, which may answer synchronously (health probes do).
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const state = sockets.get(req.socket);
    if (state) {
      state.active++;
      state.lastActive = Date.now();
    }
    if (drainingNow && !res.headersSent) res.setHeader("connection", "close");
    res.once("close", () => {
      if (!state) return;
      state.active--;
      state.lastActive = Date.now();
    });
  });
}

/** A connection without a request for this long is idle; a fresh one gets its request within it. */
const IDLE_MS = 250;

/**
 * Stops listening, answers every request already received (up to `graceMs`), and closes connections
 * once they are idle. Node's own server.close() would also cut connections whose request has arrived
 * but is not parsed yet, so only the listening socket is closed here.
 */
export async function drainHttpServer(server: http.Server, graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000)): Promise<void> {
  const sockets = tracked.get(server) ?? new Map<Socket, SocketState>();
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  const deadline = Date.now() + graceMs;
  while (sockets.size > 0 && Date.now() < deadline) {
    const now = Date.now();
    for (const [socket, state] of sockets) if (state.active === 0 && now - state.lastActive > IDLE_MS) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const left = [...sockets.values()].filter((s) => s.active > 0).length;
  if (left > 0) logger.warn({ left }, "grace period over: cutting requests still in flight");
  for (const socket of sockets.keys()) socket.destroy();
  await closed;
}

/**
 * Hive Gateway (through @whatwg-node/server) disposes itself on SIGTERM/SIGINT, which would fail the
 * requests being drained; onShutdown disposes it after draining instead.
 */
export function detachRuntimeTerminateHandlers(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    for (const listener of process.listeners(signal)) if (listener.name === "terminateHandler") process.removeListener(signal, listener);
  }
}

/** Closes every graphql-ws connection with 1012, which graphql-ws clients retry (4xxx codes are fatal). */
export function closeSubscriptions(wsServer: WebSocketServer): number {
  let closed = 0;
  for (const socket of wsServer.clients) {
    socket.close(RESUME_CLOSE_CODE, RESUME_CLOSE_REASON);
    closed++;
  }
  return closed;
}

/**
 * SIGTERM/SIGINT run `stop` once: readiness fails first, then after SHUTDOWN_DELAY_MS (time for a load
 * balancer to notice) `stop` drains; the process exits 0, or 1 when stopping fails or takes too long.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const run = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    beginDrain();
    logger.info({ signal }, "draining");
    const delay = Number(process.env.SHUTDOWN_DELAY_MS ?? 0);
    const limit = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, delay + Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) + 10_000);
    limit.unref();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await stop();
      await shutdownTracing();
      logger.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void run("SIGTERM"));
  process.on("SIGINT", () => void run("SIGINT"));
}
