import { loadConfig } from "../../platform/config";
import type { Em } from "../../platform/database/orm";
import { logger } from "../../platform/logger";
import { ChangeFeedStore, TAIL_SQL, toRow, type RawRow } from "./change-feed.service";
import { ChangeHub } from "./change-hub";
import { ChangeListener } from "./change-listener";
import { schedulePruning } from "./retention.service";

const HOUR = 3_600_000;

/**
 * What one feed subgraph instance runs beside its resolvers: the LISTEN connection, the shared tail
 * of the outbox and the retention job. Started by the platform (or lazily by the first request, for
 * a deployment that does not call `start`), stopped with it.
 */
export class FeedRuntime {
  private state: { store: ChangeFeedStore; hub: ChangeHub; listener: ChangeListener; stopPruning: () => void } | undefined;
  private starting: Promise<void> | undefined;

  async start(em: Em): Promise<void> {
    this.starting ??= this.boot(em).catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async boot(em: Em): Promise<void> {
    const config = loadConfig();
    const store = new ChangeFeedStore(em);
    const url = em.config.get("clientUrl");
    if (!url) throw new Error("The feed needs the database URL to LISTEN");
    // The tail is read on the LISTEN connection (off the pool); while it is away the hub waits for it.
    const readTail = async (afterId: number, limit: number) => (await listener.query<RawRow>(TAIL_SQL, [afterId, limit])).map(toRow);
    const hub = new ChangeHub(store, readTail, { tailSize: 10_000, fallbackPollMs: 5_000 });
    const listener = new ChangeListener(url, { onNotify: () => void hub.refresh(), onConnected: () => void hub.refresh() });
    await hub.start();
    await listener.start();
    const stopPruning = schedulePruning(em, config.feedRetentionDays, HOUR);
    this.state = { store, hub, listener, stopPruning };
    logger.debug("change feed started");
  }

  /** The running parts; starts them from the request's entity manager if nobody did. */
  async use(em: Em): Promise<{ store: ChangeFeedStore; hub: ChangeHub }> {
    await this.start(em);
    return this.state!;
  }

  /** For tests: the LISTEN connection of this instance. */
  get listener(): ChangeListener | undefined {
    return this.state?.listener;
  }

  async stop(): Promise<void> {
    const state = this.state;
    this.state = undefined;
    this.starting = undefined;
    if (!state) return;
    state.stopPruning();
    state.hub.stop();
    await state.listener.stop();
  }
}
