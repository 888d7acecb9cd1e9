import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLError } from "graphql";
import { logger } from "../logger";
import { graphqlDuration, graphqlErrors, graphqlRequests } from "./metrics";

interface WithRequestId {
  requestId: string;
}

const codeOf = (error: { extensions?: Record<string, unknown> }): string => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR");

/** Keeps label cardinality bounded: anonymous or odd operation names share one label. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : "invalid";
}

/**
 * A subgraph's request metrics and access log: one JSON line per operation with the request id the
 * gateway forwarded, so one client request can be followed through every subgraph it touched.
 */
export function subgraphObservabilityPlugin(subgraph: string): ApolloServerPlugin<WithRequestId> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let operation = "anonymous";
      let type = "unknown";
      return {
        async didResolveOperation({ operationName, operation: op }) {
          operation = operationLabel(operationName);
          type = op?.operation ?? "unknown";
        },
        async willSendResponse({ response, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          graphqlRequests.inc({ subgraph, operation, type });
          graphqlDuration.observe({ subgraph, operation, type }, seconds);
          const sent = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : (errors ?? []);
          const codes = sent.map((e) => codeOf(e as GraphQLError));
          for (const code of codes) graphqlErrors.inc({ subgraph, code });
          logger.info(
            { requestId: contextValue.requestId, subgraph, operation, type, ms: Math.round(seconds * 1000), ...(codes.length ? { errors: codes } : {}) },
            "graphql request",
          );
        },
      };
    },
  };
}

interface ExecuteDone {
  result: unknown;
}

/**
 * The gateway's per-operation metrics (a Hive Gateway / envelop plugin). Listed after the plugin that
 * gives every error its contract code, so the codes counted are the ones clients see.
 */
export function gatewayMetricsPlugin() {
  return {
    onExecute({ args }: { args: { operationName?: string | null; document: { definitions: readonly { kind: string; operation?: string; name?: { value: string } }[] } } }) {
      const started = process.hrtime.bigint();
      const definition = args.document.definitions.find((d) => d.kind === "OperationDefinition" && (!args.operationName || d.name?.value === args.operationName));
      const operation = operationLabel(args.operationName ?? definition?.name?.value);
      const type = definition?.operation ?? "unknown";
      return {
        onExecuteDone({ result }: ExecuteDone) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          graphqlRequests.inc({ subgraph: "gateway", operation, type });
          graphqlDuration.observe({ subgraph: "gateway", operation, type }, seconds);
          const errors = (result as { errors?: readonly { extensions?: Record<string, unknown> }[] } | undefined)?.errors ?? [];
          for (const error of errors) graphqlErrors.inc({ subgraph: "gateway", code: codeOf(error) });
        },
      };
    },
  };
}
