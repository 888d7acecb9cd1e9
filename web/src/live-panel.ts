import { createClient, type Client } from "graphql-ws";
import { h } from "./dom";
import { GRAPHQL_PATH } from "./graphql";
import { dateTime, label, t, type MessageKey } from "./i18n";
import { statusBadge } from "./verify-render";

const LIVE = `subscription ConsoleLive($after: String) {
  changes(after: $after) { cursor kind province subjectId occurredAt certificate { id number status } }
}`;

interface ChangeEvent {
  cursor: string; kind: string; province: string | null; subjectId: string; occurredAt: string;
  certificate: { id: string; number: string; status: string } | null;
}

const KEEP = 200;
const RETRY_MS = 3000;

/**
 * The change feed over graphql-ws. The cursor of the last event shown is kept in this browser, so a
 * reload (or a dropped connection) resumes with `after: cursor`: the server replays what was missed,
 * then goes live. Reconnecting is done here, not by graphql-ws, so that it always resumes from the
 * newest cursor rather than from where the first subscription started.
 */
export class LivePanel {
  private events: ChangeEvent[] = [];
  private seen = new Set<string>();
  private state: { key: MessageKey; vars?: Record<string, string>; tone: string } = { key: "live.connecting", tone: "idle" };
  private client: Client | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private session: { token: string; sub: string } | undefined;

  constructor(private readonly list: HTMLElement, private readonly stateEl: HTMLElement, forget: HTMLButtonElement) {
    forget.addEventListener("click", () => {
      if (!this.session) return;
      localStorage.removeItem(this.cursorKey());
      this.restart();
    });
  }

  private cursorKey(): string {
    return `yrd.console.cursor.${this.session?.sub ?? "anonymous"}`;
  }

  start(token: string, sub: string): void {
    this.session = { token, sub };
    this.events = [];
    this.seen.clear();
    this.restart();
  }

  stop(): void {
    clearTimeout(this.retry);
    void this.client?.dispose();
    this.client = undefined;
    this.session = undefined;
  }

  private restart(): void {
    clearTimeout(this.retry);
    void this.client?.dispose();
    const session = this.session;
    if (!session) return;
    const after = localStorage.getItem(this.cursorKey());
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${GRAPHQL_PATH}`;
    const client = createClient({
      url,
      connectionParams: { authorization: `Bearer ${session.token}` },
      retryAttempts: 0,
      on: { connected: () => this.setState(after ? "live.resumed" : "live.connected", "ok") },
    });
    this.client = client;
    this.setState("live.connecting", "idle");
    client.subscribe<{ changes: ChangeEvent }>({ query: LIVE, variables: { after } }, {
      next: (result) => {
        if (client !== this.client) return;
        if (result.errors?.length) return this.fail(result.errors.map((e) => e.message).join("; "));
        if (result.data?.changes) this.add(result.data.changes);
      },
      error: (error) => {
        // A client replaced by restart() or stop() reports its own closing: that is not news.
        if (client !== this.client) return;
        // GraphQL errors (a role without the feed) and 44xx closes (a refused token) will not heal by retrying.
        if (Array.isArray(error)) return this.fail(error.map((e: { message: string }) => e.message).join("; "));
        const code = (error as CloseEvent | undefined)?.code;
        if (code && code >= 4400 && code < 4500) return this.fail(`${code} ${(error as CloseEvent).reason}`);
        this.setState("live.closed", "warn");
        this.scheduleRetry(client);
      },
      complete: () => this.scheduleRetry(client),
    });
  }

  private scheduleRetry(client: Client): void {
    if (client !== this.client) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.restart(), RETRY_MS);
  }

  private fail(message: string): void {
    this.setState("live.error", "error", { msg: message });
  }

  private add(event: ChangeEvent): void {
    localStorage.setItem(this.cursorKey(), event.cursor);
    if (this.seen.has(event.cursor)) return;
    this.seen.add(event.cursor);
    this.events.unshift(event);
    this.events.length = Math.min(this.events.length, KEEP);
    this.render();
  }

  private setState(key: MessageKey, tone: string, vars?: Record<string, string>): void {
    this.state = { key, tone, vars };
    this.render();
  }

  render(): void {
    this.stateEl.textContent = t(this.state.key, this.state.vars);
    this.stateEl.className = `badge live-${this.state.tone}`;
    this.stateEl.dataset.state = this.state.key;
    if (!this.events.length) return this.list.replaceChildren(h("li", { class: "muted small" }, t("live.empty")));
    this.list.replaceChildren(...this.events.map((e) =>
      h("li", { "data-kind": e.kind, "data-subject": e.subjectId, "data-cursor": e.cursor },
        h("div", { class: "small muted" }, `${dateTime(e.occurredAt, true)} · ${e.province ? label("province", e.province) : ""}`),
        h("div", {}, label("change", e.kind), " ",
          e.certificate ? h("a", { href: `/verify/${encodeURIComponent(e.certificate.id)}`, target: "_blank", rel: "noopener" }, e.certificate.number) : e.subjectId,
          " ", e.certificate ? statusBadge(e.certificate.status) : null))));
  }
}
