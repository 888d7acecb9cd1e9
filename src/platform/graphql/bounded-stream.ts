import { GraphQLError, subscribe as graphqlSubscribe, type ExecutionArgs } from "graphql";
import type { ServerOptions } from "graphql-ws";
import { ErrorCode } from "../errors";
import { logger } from "../logger";

/** Events a subscriber may have waiting to be sent before it is closed as too slow. */
export const SUBSCRIBER_BUFFER_LIMIT = 1_000;

export const slowConsumer = (limit: number): GraphQLError =>
  new GraphQLError(
    `This subscriber fell more than ${limit} events behind and was closed; subscribe again with \`after\` set to the last cursor it received`,
    { extensions: { code: ErrorCode.LIMIT_EXCEEDED, reason: "SLOW_CONSUMER" } },
  );

let slowConsumersClosed = 0;
/** Subscriptions this process has closed as too slow (a metric; tests wait on it). */
export const slowConsumerClosures = (): number => slowConsumersClosed;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

/**
 * Reads `source` eagerly into a queue that the consumer drains at its own pace. graphql-ws has no
 * flow control, so whoever sits between a fast producer and a slow socket (the gateway) would buffer
 * without end; here the queue is capped: past `limit` waiting events it is dropped, the source is
 * closed and the consumer gets a LIMIT_EXCEEDED / SLOW_CONSUMER error after what it already has.
 */
export function boundSubscription<T>(source: AsyncIterable<T>, limit = SUBSCRIBER_BUFFER_LIMIT): AsyncIterableIterator<T> {
  const upstream = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let state: "open" | "ended" | "overflow" | "closed" = "open";
  let failure: unknown;
  let wake: (() => void) | undefined;
  let pumping = false;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const pump = async () => {
    try {
      while (state === "open") {
        const item = await upstream.next();
        if (item.done || state !== "open") break;
        queue.push(item.value);
        if (queue.length > limit) {
          state = "overflow";
          queue.length = 0;
          slowConsumersClosed++;
          logger.warn({ limit }, "subscriber too slow: closed with SLOW_CONSUMER");
          await upstream.return?.();
        }
        notify();
      }
    } catch (error) {
      failure = error;
    }
    if (state === "open") state = "ended";
    notify();
  };

  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (!pumping) {
        pumping = true;
        void pump();
      }
      for (;;) {
        if (queue.length) return { value: queue.shift()!, done: false };
        if (state === "overflow") {
          state = "closed";
          throw slowConsumer(limit);
        }
        if (failure) {
          const error = failure;
          failure = undefined;
          state = "closed";
          throw error;
        }
        if (state !== "open") return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      const wasOpen = state === "open";
      state = "closed";
      queue.length = 0;
      notify();
      if (wasOpen) await upstream.return?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

/** graphql-ws server options whose subscriptions are bounded per subscriber (see boundSubscription). */
export function withBoundedSubscriptions<O>(options: O, limit = SUBSCRIBER_BUFFER_LIMIT): O {
  const subscribe = ((options as Pick<ServerOptions, "subscribe">).subscribe ?? graphqlSubscribe) as (args: ExecutionArgs) => unknown;
  return {
    ...options,
    subscribe: async (args: ExecutionArgs) => {
      const result = await subscribe(args);
      return isAsyncIterable(result) ? boundSubscription(result, limit) : result;
    },
  };
}
