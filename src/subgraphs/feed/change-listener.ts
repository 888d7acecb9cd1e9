import pg from "pg";
import { CHANGE_CHANNEL } from "../../platform/feed/outbox";
import { logger } from "../../platform/logger";

export interface ChangeListenerHandlers {
  /** A NOTIFY arrived: something was committed. */
  onNotify(): void;
  /** (Re)connected: notifications sent while away are lost, so whoever listens must re-read the outbox. */
  onConnected(): void;
}

/**
 * The process's one LISTEN connection, outside the pool (a pooled connection would be recycled and
 * drop the LISTEN). When the connection is lost (PostgreSQL restart, terminated backend) it
 * reconnects with backoff for as long as the feed runs.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private connectedOnce = false;

  constructor(
    private readonly url: string,
    private readonly handlers: ChangeListenerHandlers,
  ) {}

  /** Resolves once listening, or after the first failure (retries continue in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  /**
   * A query on the LISTEN connection itself: the tail reads go here, off the pool, so a change costs
   * no pooled connection and the feed's background reads never mix with request statements.
   */
  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.client) throw new Error("The change feed listener is not connected");
    return (await this.client.query<T>(sql, params)).rows;
  }

  /** The backend pid of the LISTEN connection (tests terminate it to prove reconnection). */
  async backendPid(): Promise<number | undefined> {
    const result = await this.client?.query<{ pid: number }>("select pg_backend_pid() as pid");
    return result?.rows[0]?.pid;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "yrd-feed-listener" });
    // Before connect: an 'error' without a listener would crash the process.
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    client.on("notification", (message) => {
      if (message.channel === CHANGE_CHANNEL) this.handlers.onNotify();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    if (this.connectedOnce) logger.info("change feed listener reconnected");
    this.connectedOnce = true;
    this.handlers.onConnected();
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client === client) this.client = undefined;
    else if (this.client !== undefined) return; // an old client's late event
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(5_000, 100 * 2 ** this.attempt++);
    logger.warn({ err: error?.message, retryInMs: delay }, "change feed listener lost its connection");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
    }
  }
}
