import type { ExecutionResult } from "graphql";

/**
 * An operation that was executed answers with a `data` entry, null when its errors left nothing
 * (GraphQL spec, "Response Format": no `data` means the request failed before execution). Hive Router's
 * plan executor omits it when every fetch failed; the stitching planner and Apollo answer `data: null`.
 */
export function executionDataPlugin() {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }: { result: ExecutionResult | AsyncIterable<ExecutionResult>; setResult(result: ExecutionResult): void }) {
          if (Symbol.asyncIterator in result || "data" in result) return;
          setResult({ ...result, data: null });
        },
      };
    },
  };
}
