import http from "node:http";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createGatewayRuntime, getGraphQLWSOptions } from "@graphql-hive/gateway-runtime";
import { normalizeNodeRequest } from "@whatwg-node/server";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { loadConfig, type Config } from "../platform/config";
import { listen } from "../platform/listen";
import { logger } from "../platform/logger";
import { withBoundedSubscriptions } from "../platform/graphql/bounded-stream";
import { viewerFromAuthorization } from "../platform/auth/viewer";
import { jwksFromEnv } from "../platform/auth/jwks";
import { loadSecurityLimits } from "../platform/security/limits";
import { callerKey, guardHttp, verifiesOrNull } from "../platform/security/http-guard";
import { armorPlugins, contractErrorsPlugin, disableIntrospectionPlugin } from "../platform/security/gateway-plugins";
import { withWebRoutes } from "../web-server/web-routes";
import { gatewayMetricsPlugin } from "../platform/observability/graphql-metrics";
import { gatewayLogger } from "../platform/observability/gateway-logger";
import { gatewayFront } from "../platform/observability/request-id";
import { closeSubscriptions, detachRuntimeTerminateHandlers, drainHttpServer, trackInFlight } from "../platform/observability/lifecycle";
import { lastWritePlugin } from "../platform/database/read-your-writes";
import type { InProcessExecutor } from "../platform/graphql/subgraph-server";
import { forwardedHeaders } from "./forwarded-headers";
import { answerAfterWritesPlugin } from "./answer-after-writes";
import { inProcessSubgraphs } from "./in-process-subgraphs";
import { subgraphErrorsPlugin } from "./subgraph-errors";
import { operationNamesPlugin } from "./operation-names";
import { executionDataPlugin } from "./execution-data";
import { queryPlannerOptions } from "./query-planner";

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Hive Gateway runtime: plans queries over the supergraph, and carries graphql-ws subscriptions to the
 * subgraph that owns them (Apollo's gateway cannot). HTTP and WebSocket share `/graphql`.
 */
export async function serveGateway(options: {
  supergraph: string;
  port: number;
  host?: string;
  /** Subgraphs of this process, called without HTTP (the one-process start); the others over HTTP. */
  inProcess?: Record<string, InProcessExecutor>;
  /** GATEWAY_QUERY_PLANNER unless given. */
  queryPlanner?: Config["gatewayQueryPlanner"];
}): Promise<RunningGateway> {
  const config = loadConfig();
  const limits = loadSecurityLimits();
  const keys = await jwksFromEnv();
  const verify = (authorization: string | undefined) => viewerFromAuthorization(authorization, config.jwtSecret, keys);
  const gateway = createGatewayRuntime({
    supergraph: options.supergraph,
    // Hive Router's query planner (Rust, a native addon in its npm package) or the JavaScript stitching one.
    ...queryPlannerOptions(options.queryPlanner ?? config.gatewayQueryPlanner),
    // Through pino, as JSON lines (src/platform/observability/gateway-logger.ts).
    logging: gatewayLogger(config.env === "development" ? "info" : "warn"),
    maskedErrors: config.env !== "development",
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // guardHttp has read every body within MAX_BODY_BYTES (413 beyond) before yoga sees it. Yoga's own
    // check piped each body through a TransformStream again: about 0.15 ms of CPU a W1 request (patches/).
    maxRequestBodySize: false,
    // Abuse limits, no introspection in production, and a contract code on every error (see the README's Security section).
    plugins: () => [
      ...armorPlugins(limits, config.env),
      ...(config.env === "production" ? [disableIntrospectionPlugin()] : []),
      contractErrorsPlugin(config.env === "development"),
      // After the contract codes, so /metrics counts the codes clients see; mutations answer with their write time.
      gatewayMetricsPlugin(),
      lastWritePlugin(),
      ...(options.inProcess ? [inProcessSubgraphs(options.inProcess), answerAfterWritesPlugin()] : []),
      subgraphErrorsPlugin(),
      operationNamesPlugin(),
      executionDataPlugin(),
    ],
    graphiql: config.env === "development" ? { title: "yrd-recognition" } : false,
    // The bundled GraphiQL: the runtime's default page loads its scripts from a CDN.
    renderGraphiQL,
    transportEntries: {
      "*.http": {
        options: {
          subscriptions: {
            kind: "ws",
            location: "/graphql",
            options: {
              // The graphql-ws connection_init payload sent to the subgraph; context.headers merges the
              // client's HTTP headers with its own connection_init payload.
              connectionParams: {
                authorization: "{context.headers.authorization}",
                "x-request-id": "{context.headers.x-request-id}",
              },
            },
          },
        },
      },
    },
    propagateHeaders: { fromClientToSubgraphs: ({ context }) => forwardedHeaders(context) },
  });
  // graphql-ws needs the schema before the first connection.
  await gateway.getSchema();
  // The runtime would dispose itself on SIGTERM mid-drain; stop() disposes it once requests are answered.
  detachRuntimeTerminateHandlers();

  // Bad tokens (401), the per-caller rate limit (429) and the body size limit (413) are checked first.
  // The verification page, the console and the QR codes share the port (src/web-server).
  // In front of all: /metrics, /healthz, /readyz, and an x-request-id for every request (src/platform/observability).
  const guard = guardHttp(gateway, { limits, verify });
  const server = http.createServer(gatewayFront(withWebRoutes(guard, { publicBaseUrl: config.publicBaseUrl })));
  trackInFlight(server);
  // A WebSocket message is held to the same size as a request body (ws allows 100 MiB by default).
  const wsServer = new WebSocketServer({ server, path: gateway.graphqlEndpoint, maxPayload: limits.maxBodyBytes });
  // Each subscription's queue toward its client is capped: a slow client is closed with SLOW_CONSUMER.
  const ws = useServer(
    {
      ...withBoundedSubscriptions(
        getGraphQLWSOptions(gateway, (ctx) => {
          const extra = ctx.extra as Extra;
          return { req: extra.request, socket: extra.socket, request: normalizeNodeRequest(extra.request, gateway.fetchAPI) };
        }),
      ),
      // A connection_init whose token does not verify is closed with 4401 Unauthorized (graphql-ws protocol).
      onConnect: (ctx: { connectionParams?: Readonly<Record<string, unknown>>; extra: unknown }) => {
        const { socket, request } = ctx.extra as Extra;
        const viewer = verifiesOrNull(verify, ctx.connectionParams?.authorization);
        if (!viewer) {
          socket.close(4401, "Unauthorized");
          return false;
        }
        // New connections count against the caller's rate limit like requests (4429: too many).
        if (guard.limiter.take(callerKey(viewer, request.socket.remoteAddress)) === 0) return true;
        socket.close(4429, "Too many requests");
        return false;
      },
    },
    wsServer,
  );
  const { port } = await listen(server, options.port, options.host ?? config.host);
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, "gateway listening");
  return {
    url,
    port,
    stop: async () => {
      // Subscribers are told to resume by cursor (1012); requests already received are answered.
      closeSubscriptions(wsServer);
      await ws.dispose();
      await new Promise((resolve) => wsServer.close(resolve));
      await drainHttpServer(server);
      await gateway.dispose();
    },
  };
}
