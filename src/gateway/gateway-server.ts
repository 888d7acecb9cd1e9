import http from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime, getGraphQLWSOptions } from "@graphql-hive/gateway-runtime";
import { normalizeNodeRequest } from "@whatwg-node/server";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { loadConfig } from "../platform/config";
import { logger } from "../platform/logger";

/** Headers every subgraph call carries: the caller's identity and the request id that ties logs together. */
const FORWARDED_HEADERS = ["authorization", "x-request-id"];

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Hive Gateway runtime: plans queries over the supergraph, and carries graphql-ws subscriptions to the
 * subgraph that owns them (Apollo's gateway cannot). HTTP and WebSocket share `/graphql`.
 */
export async function serveGateway(options: { supergraph: string; port: number; host?: string }): Promise<RunningGateway> {
  const config = loadConfig();
  const gateway = createGatewayRuntime({
    supergraph: options.supergraph,
    logging: config.env === "development" ? "info" : "warn",
    maskedErrors: config.env !== "development",
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: config.env === "development" ? { title: "yrd-recognition" } : false,
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
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) => {
        const headers = (context as { headers?: Record<string, string | undefined> }).headers ?? {};
        return Object.fromEntries(FORWARDED_HEADERS.flatMap((name) => (headers[name] ? [[name, headers[name]!]] : [])));
      },
    },
  });
  // graphql-ws needs the schema before the first connection.
  await gateway.getSchema();

  const server = http.createServer(gateway);
  const wsServer = new WebSocketServer({ server, path: gateway.graphqlEndpoint });
  const ws = useServer(
    getGraphQLWSOptions(gateway, (ctx) => {
      const extra = ctx.extra as Extra;
      return { req: extra.request, socket: extra.socket, request: normalizeNodeRequest(extra.request, gateway.fetchAPI) };
    }),
    wsServer,
  );
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, "gateway listening");
  return {
    url,
    port,
    stop: async () => {
      await ws.dispose();
      await new Promise((resolve) => wsServer.close(resolve));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.dispose();
    },
  };
}
