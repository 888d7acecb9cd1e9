import { boundSubscription } from "../../src/platform/graphql/bounded-stream";

/** An endless source that counts how far it was read and whether it was closed. */
function source() {
  const state = { produced: 0, closed: false };
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return state.closed ? { value: undefined, done: true } : { value: state.produced++, done: false };
      },
      return: async () => {
        state.closed = true;
        return { value: undefined, done: true };
      },
    }),
  };
  return { state, iterable };
}

describe("boundSubscription", () => {
  it("ends a consumer that falls more than `limit` events behind with SLOW_CONSUMER, and closes the source", async () => {
    const { state, iterable } = source();
    const bounded = boundSubscription(iterable, 50);
    expect((await bounded.next()).value).toBe(0);
    // The consumer stops pulling; the source keeps producing until the queue overflows.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(state.closed).toBe(true);
    expect(state.produced).toBeLessThanOrEqual(60);
    await expect(bounded.next()).rejects.toMatchObject({ extensions: { code: "LIMIT_EXCEEDED", reason: "SLOW_CONSUMER" } });
    expect(await bounded.next()).toEqual({ value: undefined, done: true });
  });

  it("passes every event, in order, to a consumer that keeps up, and closes the source when it leaves", async () => {
    const { state, iterable } = source();
    const bounded = boundSubscription(iterable, 50);
    const seen: number[] = [];
    for (let i = 0; i < 500; i++) seen.push((await bounded.next()).value as number);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    await bounded.return!();
    expect(state.closed).toBe(true);
  });
});
