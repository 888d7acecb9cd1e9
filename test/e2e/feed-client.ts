import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { TokenClaims } from "../../src/platform/auth/viewer";
import { makeUscc } from "../support/fixtures";
import { tokenFor } from "../support/platform";

export const PARTNER: TokenClaims = { sub: "partner-1", role: "partner" };

export const SUBSCRIBE = `subscription($filter: ChangeFilter, $after: String) {
  changes(filter: $filter, after: $after) { cursor kind province subjectId }
}`;

export interface ChangeEventData {
  cursor: string;
  kind: string;
  province: string | null;
  subjectId: string;
  [field: string]: unknown;
}

/** A partner's subscription as an outside client sees it: what arrived, how it ended. */
export interface Subscriber {
  events: ChangeEventData[];
  errors: { message: string; extensions?: Record<string, unknown> }[];
  done: boolean;
  client: Client;
  /** Resolves when `n` events have arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ChangeEventData[]>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const wsUrl = (gatewayUrl: string): string => gatewayUrl.replace(/^http/, "ws").replace("localhost", "127.0.0.1");

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function subscribe(
  gatewayUrl: string,
  variables: Record<string, unknown> = {},
  options: { as?: TokenClaims | null; query?: string; webSocketImpl?: unknown } = {},
): Subscriber {
  const claims = options.as === undefined ? PARTNER : options.as;
  const client = createClient({
    url: wsUrl(gatewayUrl),
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    connectionParams: claims ? { authorization: `Bearer ${tokenFor(claims)}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  const subscriber: Subscriber = {
    events: [],
    errors: [],
    done: false,
    client,
    waitFor: async (n, timeoutMs = 15_000) => {
      await until(() => subscriber.events.length >= n || subscriber.done, timeoutMs, () => `${n} events (have ${subscriber.events.length}, errors ${JSON.stringify(subscriber.errors)})`);
      return subscriber.events;
    },
    waitForEnd: (timeoutMs = 15_000) => until(() => subscriber.done, timeoutMs, () => "the end of the subscription"),
    close: async () => {
      await client.dispose();
    },
  };
  client.subscribe<{ changes: ChangeEventData }>(
    { query: options.query ?? SUBSCRIBE, variables },
    {
      next: (result) => {
        if (result.errors?.length) subscriber.errors.push(...(result.errors as Subscriber["errors"]));
        if (result.data?.changes) subscriber.events.push(result.data.changes);
      },
      error: (error) => {
        const list = Array.isArray(error) ? error : [{ message: error instanceof Error ? error.message : `closed: ${(error as { code?: number }).code}` }];
        subscriber.errors.push(...list);
        subscriber.done = true;
      },
      complete: () => {
        subscriber.done = true;
      },
    },
  );
  return subscriber;
}

/** `count` new enterprises spread over the four provinces, in a deterministic order. */
export function enterprises(count: number, tag: string): { uscc: string; name: string }[] {
  const divisions = ["330106", "320505", "310115", "340104"];
  return Array.from({ length: count }, (_, i) => ({
    uscc: makeUscc(divisions[i % 4]!, `${tag}${String(i).padStart(9 - tag.length, "0")}`),
    name: `企业 ${tag} ${i}`,
  }));
}

/** The outbox id behind a cursor: tests compare order; clients never need this. */
export const cursorId = (cursor: string): number => Number(Buffer.from(cursor, "base64url").toString().split(":")[1]);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
