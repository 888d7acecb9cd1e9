import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { loadConfig } from "../config";
import { formatError } from "../errors";
import { logger } from "../logger";
import { PUBLIC, viewerFromAuthorization } from "../auth/viewer";
import type { Orm } from "../database/orm";
import { createRequestContext, type RequestContext } from "./context";
import type { BuiltSubgraph } from "./subgraph";
import { healthRoutes } from "./health";

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Serves one subgraph: GraphQL over HTTP and graphql-ws on the same `/graphql`, plus health checks.
 * The single-process start and the split deployment both call this.
 */
export async function serveSubgraph(built: BuiltSubgraph, orm: Orm, options: { port: number; host?: string }): Promise<RunningServer> {
  const config = loadConfig();
  const development = config.env === "development";
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema: built.schema,
      context: (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === "string" ? params.authorization : undefined;
        const requestId = typeof params["x-request-id"] === "string" ? (params["x-request-id"] as string) : undefined;
        return createRequestContext(orm, authorization ? viewerFromAuthorization(authorization, config.jwtSecret) : PUBLIC, requestId);
      },
    },
    wsServer,
  );

  const server = new ApolloServer<RequestContext>({
    schema: built.schema,
    introspection: config.env !== "production",
    includeStacktraceInErrorResponses: development,
    formatError: (formatted, error) => formatError(formatted, error, development),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await server.start();

  app.use(healthRoutes(orm));
  app.use(
    "/graphql",
    express.json({ limit: "8mb" }),
    expressMiddleware(server, {
      context: async ({ req }) =>
        createRequestContext(orm, viewerFromAuthorization(header(req.headers.authorization), config.jwtSecret), header(req.headers["x-request-id"])),
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ subgraph: built.module.name, url }, "subgraph listening");
  return {
    url,
    port,
    stop: async () => {
      await server.stop();
    },
  };
}
