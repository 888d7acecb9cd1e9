import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * Runs a subgraph's queries and mutations with graphql-jit: each operation is compiled once into a
 * function that resolves it, instead of graphql-js walking the document for every field of every row.
 * A page of 100 certificates completes about 3,500 fields; graphql-js spends a few microseconds on each.
 *
 * Apollo Server takes a custom executor only through its `gateway` option, so this is a "gateway" that
 * never changes its schema. Everything before execution stays Apollo's: parsing and its document cache,
 * validation (with graphql-armor's rules), the plugins (audit, metrics) and error formatting.
 * Subscriptions are not executed here: graphql-ws runs them with graphql-js.
 */
export function jitExecution(schema: GraphQLSchema): GatewayInterface {
  // Keyed by Apollo's cached document, so a compiled operation lives as long as its parsed document.
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery>>();

  const executor: GatewayExecutor = async (request) => {
    let operations = compiled.get(request.document);
    if (!operations) compiled.set(request.document, (operations = new Map()));
    let operation = operations.get(request.operationName);
    if (!operation) {
      const result = compileQuery(schema, request.document, request.operationName ?? undefined);
      // Only variable definitions Apollo's validation let through can fail here; they answer as errors.
      if (!isCompiledQuery(result)) return result;
      operations.set(request.operationName, (operation = result));
    }
    const variableValues = request.request.variables ?? {};
    const result = await operation.query(undefined, request.context, variableValues);
    // No data: the variables did not coerce, and no resolver ran. graphql-js words those errors as the
    // contract's clients know them (and Apollo answers them as BAD_USER_INPUT): it reports them instead.
    if (result.data === undefined) {
      return execute({ schema, document: request.document, operationName: request.operationName, variableValues, contextValue: request.context });
    }
    return asGraphQLJsErrors(result);
  };

  return {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    stop: async () => {},
  };
}

/**
 * graphql-jit reports errors with a GraphQLError of its own whose properties cannot be written, and
 * Apollo Server and the error formatting expect graphql-js's (Apollo rewrites messages, for one). Each
 * becomes what graphql-js would have reported: same message, path and locations, the thrown error as
 * originalError, its extensions (the contract's codes) carried over.
 */
function asGraphQLJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
    (converted as { locations?: GraphQLError["locations"] }).locations = error.locations;
    return converted;
  });
  return { ...result, errors };
}
