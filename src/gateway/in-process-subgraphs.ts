import { getOperationASTFromRequest, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import type { InProcessExecutor } from "../platform/graphql/subgraph-server";
import { holdAnswer } from "./answer-after-writes";
import { forwardedHeaders } from "./forwarded-headers";

/**
 * Gateway plugin for the one-process start: queries and mutations for a subgraph living in this process
 * are run by its Apollo Server directly instead of through a loopback HTTP request, which spares the
 * serialising, parsing and routing of every hop (see the README's benchmark figures). The subgraph still
 * sees the same operation, headers, plugins and errors. Subscriptions keep the graphql-ws transport, and
 * a split deployment (npm run start:gateway) has no in-process subgraphs, so it calls them over HTTP.
 */
export function inProcessSubgraphs(executors: Record<string, InProcessExecutor>) {
  const wrapped = new Map<string, Executor>();
  for (const [name, execute] of Object.entries(executors)) {
    // Its formatted errors become GraphQLErrors in subgraphErrorsPlugin, as those of every transport do.
    const executor = (request: ExecutionRequest): Promise<ExecutionResult> =>
      execute({
        document: request.document,
        variables: request.variables,
        operationName: request.operationName,
        headers: forwardedHeaders(request.context),
        // The audit rows are written while the gateway builds its answer, which waits for them.
        answerAfter: request.context ? (write) => holdAnswer(request.context as object, write) : undefined,
      }) as Promise<ExecutionResult>;
    wrapped.set(name, executor as Executor);
  }
  return {
    onSubgraphExecute({ subgraphName, executionRequest, setExecutor }: { subgraphName: string; executionRequest: ExecutionRequest; setExecutor(executor: Executor): void }) {
      const executor = wrapped.get(subgraphName);
      if (executor && getOperationASTFromRequest(executionRequest).operation !== "subscription") setExecutor(executor);
    },
  };
}
