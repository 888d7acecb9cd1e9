import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { print, type DocumentNode, type FormattedExecutionResult } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { loadConfig, type Config } from "../config";
import { listen } from "../listen";
import { formatError } from "../errors";
import { logger } from "../logger";
import { PUBLIC, viewerFromAuthorization } from "../auth/viewer";
import type { Orm } from "../database/orm";
import { createRequestContext, type RequestContext } from "./context";
import type { BuiltSubgraph } from "./subgraph";
import { healthRoutes } from "./health";
import { auditPlugin, auditSubscription } from "../security/audit";
import { jwksFromEnv } from "../auth/jwks";
import { loadSecurityLimits } from "../security/limits";
import { bodyErrorHandler, subgraphArmor } from "../security/subgraph-protection";
import { subgraphObservabilityPlugin } from "../observability/graphql-metrics";
import { metricsRoute } from "../observability/request-id";
import { closeSubscriptions, drainHttpServer, trackInFlight } from "../observability/lifecycle";
import { primaryForMutations, withReadScope } from "../database/replicas";
import { lastWriteOf } from "../database/read-your-writes";
import { jitExecution } from "./jit-executor";

export interface RunningServer {
  url: string;
  port: number;
  /** The same operation as a POST to `url` would run, without HTTP (src/gateway/in-process-subgraphs.ts). */
  execute: InProcessExecutor;
  stop(): Promise<void>;
}

/** An operation as the gateway sends it, with the headers it forwards (authorization, request id, last write). */
export interface InProcessRequest {
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
  headers: Record<string, string | undefined>;
  /** Where the writes that the caller's answer must wait for go (RequestContext.answerAfter). */
  answerAfter?: (write: Promise<void>) => void;
}

export type InProcessExecutor = (request: InProcessRequest) => Promise<FormattedExecutionResult>;

/**
 * Apollo Server prints a DocumentNode on every executeOperation; the gateway sends the same planned
 * documents again and again, so each is printed once (its text is also the key of Apollo's parse cache).
 */
const printedDocuments = new WeakMap<DocumentNode, string>();
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Serves one subgraph: GraphQL over HTTP and graphql-ws on the same `/graphql`, plus health checks.
 * The single-process start and the split deployment both call this. `executor` overrides SUBGRAPH_EXECUTOR.
 */
export async function serveSubgraph(
  built: BuiltSubgraph,
  orm: Orm,
  options: { port: number; host?: string; executor?: Config["subgraphExecutor"] },
): Promise<RunningServer> {
  const config = loadConfig();
  const development = config.env === "development";
  const limits = loadSecurityLimits();
  // RS256 keys of AUTH_JWKS_URL, if set (HS256 with AUTH_JWT_SECRET always works).
  const keys = await jwksFromEnv();
  const armor = subgraphArmor(limits, config.env === "production");
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  trackInFlight(httpServer);
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: limits.subgraphMaxBodyBytes });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema: built.schema,
      // A token that does not verify closes the connection with 4401 (graphql-ws protocol).
      onConnect: (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          if (authorization !== undefined && authorization !== null && typeof authorization !== "string") throw new Error("not a string");
          viewerFromAuthorization(authorization ?? undefined, config.jwtSecret, keys);
          return true;
        } catch {
          ctx.extra.socket.close(4401, "Unauthorized");
          return false;
        }
      },
      // Subscriptions are audited when they start (allowed or refused), as mutations are.
      onOperation: async (_ctx, _id, _payload, args, result) => {
        await auditSubscription(built.module.name, args, result);
      },
      context: (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === "string" ? params.authorization : undefined;
        const requestId = typeof params["x-request-id"] === "string" ? (params["x-request-id"] as string) : undefined;
        return createRequestContext(orm, authorization ? viewerFromAuthorization(authorization, config.jwtSecret, keys) : PUBLIC, requestId);
      },
    },
    wsServer,
  );

  const server = new ApolloServer<RequestContext>({
    // Queries and mutations compiled by graphql-jit (src/platform/graphql/jit-executor.ts), or interpreted.
    ...((options.executor ?? config.subgraphExecutor) === "jit" ? { gateway: jitExecution(built.schema) } : { schema: built.schema }),
    introspection: config.env !== "production",
    includeStacktraceInErrorResponses: development,
    formatError: (formatted, error) => formatError(formatted, error, development),
    validationRules: armor.validationRules,
    plugins: [
      // Traces go to OpenTelemetry; Apollo's inline (ftv1) traces are for Apollo's own studio.
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are used, and the default cache-control plugin wraps every field's resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      // Every mutation and every regulator query, written by the subgraph itself (the README's Security section).
      auditPlugin(built.module.name),
      // Requests, latency and errors by operation at /metrics, and one log line per request with its request id.
      subgraphObservabilityPlugin(built.module.name),
      // With read replicas: a mutation and every read of its request go to the primary.
      primaryForMutations,
      // Subscriptions end with 1012 first, so clients resubscribe from their last cursor rather than give up.
      { async serverWillStart() { return { async drainServer() { closeSubscriptions(wsServer); await wsCleanup.dispose(); } }; } },
    ],
  });
  await server.start();

  app.use(healthRoutes(orm));
  app.use(metricsRoute());
  app.use(
    "/graphql",
    express.json({ limit: limits.subgraphMaxBodyBytes }),
    // Each request's read scope (after the body is read: its stream callbacks would lose the scope).
    (req, _res, next) => withReadScope(lastWriteOf(req.headers), next),
    expressMiddleware(server, {
      context: async ({ req }) =>
        createRequestContext(orm, viewerFromAuthorization(header(req.headers.authorization), config.jwtSecret, keys), header(req.headers["x-request-id"])),
    }),
  );
  app.use(bodyErrorHandler);

  const { port } = await listen(httpServer, options.port, options.host ?? config.host);
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ subgraph: built.module.name, url }, "subgraph listening");
  return {
    url,
    port,
    // Everything the HTTP route does but reading the body: the same context, read scope, plugins (audit,
    // metrics, armor's rules) and formatted errors.
    execute: async ({ document, variables, operationName, headers, answerAfter }) => {
      const contextValue: RequestContext = {
        ...createRequestContext(orm, viewerFromAuthorization(headers.authorization, config.jwtSecret, keys), headers["x-request-id"]),
        answerAfter,
      };
      const query = printed(document);
      const response = await withReadScope(lastWriteOf(headers), () => server.executeOperation({ query, variables, operationName }, { contextValue }));
      if (response.body.kind !== "single") throw new Error("A subgraph answered with incremental delivery, which the gateway does not ask for");
      return response.body.singleResult;
    },
    // Subscriptions get 1012, requests already received are answered (src/platform/observability/lifecycle.ts).
    stop: async () => {
      closeSubscriptions(wsServer);
      await drainHttpServer(httpServer);
      await server.stop();
    },
  };
}
