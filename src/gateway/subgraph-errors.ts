import { GraphQLError } from "graphql";
import { createGraphQLError, type ExecutionResult } from "@graphql-tools/utils";

type ErrorLike = { message: string } & Record<string, unknown>;

/** A subgraph's errors as GraphQLErrors, keeping path and extensions (its code among them). */
export function asGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => !(error instanceof GraphQLError))) return result;
  const errors = result.errors.map((error) => {
    if (error instanceof GraphQLError) return error;
    const { message, ...rest } = error as unknown as ErrorLike;
    return createGraphQLError(message, rest);
  });
  return { ...result, errors };
}

/**
 * Errors arrive from a subgraph as JSON objects over graphql-ws (and from in-process Apollo Server as
 * formatted objects). The gateway masks any error that is not a GraphQLError as "Unexpected error", so
 * a subscriber told FORBIDDEN or CURSOR_EXPIRED by the feed would see INTERNAL_SERVER_ERROR instead; the
 * stitching planner converted them itself, Hive Router's planner passes them on as they came.
 */
export function subgraphErrorsPlugin() {
  return {
    onSubgraphExecute() {
      return ({ result, setResult }: { result: AsyncIterable<ExecutionResult> | ExecutionResult; setResult(result: ExecutionResult): void }) => {
        if (Symbol.asyncIterator in result) {
          return { onNext: ({ result, setResult }: { result: ExecutionResult; setResult(result: ExecutionResult): void }) => setResult(asGraphQLErrors(result)) };
        }
        setResult(asGraphQLErrors(result));
        return undefined;
      };
    },
  };
}
