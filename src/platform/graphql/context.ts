import { randomUUID } from "node:crypto";
import type { Em, Orm } from "../database/orm";
import type { Viewer } from "../auth/viewer";

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
}

export function createRequestContext(orm: Orm, viewer: Viewer, requestId?: string): RequestContext {
  return { em: orm.em.fork(), viewer, requestId: requestId ?? randomUUID(), loaders: new LoaderRegistry() };
}
