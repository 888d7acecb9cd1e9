import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";

interface GatewayContext {
  authorization?: string;
}

/**
 * W1's comparison (issue 7): `@apollo/gateway` over the same running subgraphs, planning from the
 * supergraph the platform composed (@theguild/federation-composition; its join__graph urls are the
 * subgraphs' loopback addresses). Only the bench uses it: the product's gateway is Hive's.
 */
export async function startApolloGateway(supergraphSdl: string): Promise<{ url: string; stop(): Promise<void> }> {
  // Unless told not to, the gateway exports hourly instance metrics to Apollo (and probes cloud metadata
  // endpoints to describe the host): a benchmark sends nothing out.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl,
    // The subgraphs learn the caller from its token, as behind Hive (which also forwards x-request-id,
    // which the bench does not send).
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set("authorization", context.authorization);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // No APOLLO_KEY here, so nothing would be reported anyway; the bench process handles its own signals.
    plugins: [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginLandingPageDisabled()],
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  // server.stop() closes the HTTP server (draining it) and stops the gateway.
  return { url, stop: () => server.stop() };
}
