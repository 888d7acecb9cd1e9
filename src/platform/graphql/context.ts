import { randomUUID } from "node:crypto";
import type { Em, Orm } from "../database/orm";
import type { Viewer } from "../auth/viewer";
import { logger, type Logger } from "../logger";

/** Per-request memo of DataLoaders: one loader per key per request, so batches span the whole request. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();

  get<T>(key: string, create: () => T): T {
    let loader = this.loaders.get(key) as T | undefined;
    if (loader === undefined) {
      loader = create();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

export interface RequestContext {
  em: Em;
  viewer: Viewer;
  requestId: string;
  loaders: LoaderRegistry;
  /** The process logger bound to this request's id (forwarded by the gateway), for resolvers and services. */
  log: Logger;
  /**
   * Set when the caller answers for this subgraph and holds its answer until the writes handed to it
   * have settled (the gateway of the one-process start, src/gateway/answer-after-writes.ts): a write the
   * answer must wait for is handed over instead of awaited here, so the caller's work goes on meanwhile.
   */
  answerAfter?: (write: Promise<void>) => void;
}

export function createRequestContext(orm: Orm, viewer: Viewer, requestId?: string): RequestContext {
  const id = requestId ?? randomUUID();
  return { em: orm.em.fork(), viewer, requestId: id, loaders: new LoaderRegistry(), log: logger.child({ requestId: id }) };
}
