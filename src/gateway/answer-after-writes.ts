/**
 * The one-process start answers an audited operation only once its audit rows are written, as a split
 * deployment does (there each subgraph writes its row before it answers the gateway), but without
 * holding the gateway's own work behind those writes: a subgraph called in process hands each write
 * over (`holdAnswer`, through InProcessRequest.answerAfter) instead of awaiting it, the gateway projects
 * and serialises the answer meanwhile, and the answer leaves only once the writes have settled. An HTTP
 * request waits in onResponse, just before its response is sent; any other transport (graphql-ws)
 * waits when the execution is done, before its result is handed back.
 */
const held = new WeakMap<object, Promise<void>[]>();

/** Holds the answer of the operation whose gateway context this is until `write` has settled. */
export function holdAnswer(context: object, write: Promise<void>): void {
  const writes = held.get(context);
  if (writes) writes.push(write);
  else held.set(context, [write]);
}

async function settle(context: object): Promise<void> {
  // Writes handed over may be added while earlier ones settle (a later subgraph call of the same plan).
  for (let writes = held.get(context); writes?.length; writes = held.get(context)) {
    held.delete(context);
    await Promise.allSettled(writes);
  }
}

interface ExecuteArgs {
  args: { contextValue: { request?: Request } };
}

export function answerAfterWritesPlugin() {
  // Requests that came in through the HTTP server adapter: their response passes through onResponse.
  const viaHttp = new WeakSet<Request>();
  const contextOf = new WeakMap<Request, object>();
  return {
    onRequest({ request }: { request: Request }) {
      viaHttp.add(request);
    },
    onExecute({ args }: ExecuteArgs) {
      const context = args.contextValue;
      const request = context.request;
      if (request && viaHttp.has(request)) {
        contextOf.set(request, context);
        return undefined;
      }
      return { onExecuteDone: () => settle(context) };
    },
    onResponse({ request }: { request: Request }) {
      const context = contextOf.get(request);
      if (context) return settle(context);
      return undefined;
    },
  };
}
