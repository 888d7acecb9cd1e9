import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { onSqlStatement } from "../database/statement-counter";

/**
 * One Prometheus registry per process, served at `/metrics` by every service. The `service` label is
 * SERVICE_NAME (one per deployment unit); `subgraph` tells the subgraphs of the single-process start apart.
 * Names are listed, with the ones worth alerting on, in the README's Operations section.
 */
export const registry = new Registry();
registry.setDefaultLabels({ service: process.env.SERVICE_NAME ?? "yrd" });
collectDefaultMetrics({ register: registry, prefix: "yrd_process_" });

export const graphqlRequests = new Counter({
  name: "yrd_graphql_requests_total",
  help: "GraphQL operations executed, by subgraph (or gateway), operation name and type",
  labelNames: ["subgraph", "operation", "type"] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: "yrd_graphql_request_duration_seconds",
  help: "Time from receiving a GraphQL operation to sending its response",
  labelNames: ["subgraph", "operation", "type"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: "yrd_graphql_errors_total",
  help: "GraphQL errors returned, by contract error code",
  labelNames: ["subgraph", "code"] as const,
  registers: [registry],
});

export const httpResponses = new Counter({
  name: "yrd_http_responses_total",
  help: "HTTP responses of the gateway front door by status (401/413/429 are answered before GraphQL runs)",
  labelNames: ["status"] as const,
  registers: [registry],
});

export const sqlStatements = new Counter({
  name: "yrd_sql_statements_total",
  help: "SQL statements sent to PostgreSQL by this process",
  registers: [registry],
});
onSqlStatement(() => sqlStatements.inc());

export const databaseQueries = new Counter({
  name: "yrd_db_reads_routed_total",
  help: "Reads the replica router sent to the primary or to a replica (only counted when replicas are configured)",
  labelNames: ["target"] as const,
  registers: [registry],
});

export const replicaUp = new Gauge({
  name: "yrd_db_replica_up",
  help: "1 when the read replica answers and is used, 0 when reads fall back to the primary",
  labelNames: ["replica"] as const,
  registers: [registry],
});

export const replicaLag = new Gauge({
  name: "yrd_db_replica_lag_seconds",
  help: "How far behind the primary the replica's replayed WAL is, in seconds (by WAL position, not by clock)",
  labelNames: ["replica"] as const,
  registers: [registry],
});

export const dataloaderBatchSize = new Histogram({
  name: "yrd_dataloader_batch_size",
  help: "Keys per DataLoader batch: one SQL statement each, however many keys",
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000],
  registers: [registry],
});

export const feedSubscribers = new Gauge({
  name: "yrd_feed_subscribers",
  help: "Open change-feed subscriptions on this instance",
  registers: [registry],
});

export const feedLag = new Gauge({
  name: "yrd_feed_lag_seconds",
  help: "Age of the newest change delivered to subscribers when it was delivered (commit to push)",
  registers: [registry],
});

export const feedEventsDelivered = new Counter({
  name: "yrd_feed_events_delivered_total",
  help: "Change events pushed to subscribers (one per subscriber per event)",
  registers: [registry],
});

export const draining = new Gauge({
  name: "yrd_draining",
  help: "1 after SIGTERM while the service finishes its in-flight requests",
  registers: [registry],
});

/** For the feed subgraph: a subscription opened (+1) or ended (-1). */
export function feedSubscriberDelta(delta: number): void {
  feedSubscribers.inc(delta);
}

/** For the feed subgraph: `count` events committed at `committedAt` were just pushed to subscribers. */
export function feedDelivered(committedAt: Date, count = 1): void {
  feedLag.set(Math.max(0, (Date.now() - committedAt.getTime()) / 1000));
  feedEventsDelivered.inc(count);
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
