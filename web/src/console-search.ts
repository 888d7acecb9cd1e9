import { byId, h } from "./dom";
import { describeErrors, graphql } from "./graphql";
import { label, t } from "./i18n";
import { CERTIFICATE_KINDS, CERTIFICATE_STATUSES, SEARCH, type SearchPage } from "./console-queries";
import { statusBadge } from "./verify-render";
import { PROVINCES } from "./verify-queries";

/**
 * The search form (every filter of the contract's CertificateFilter) and its result pages. Pages move
 * by cursor: the cursors of the pages before are kept so that "previous" goes back exactly.
 */
export class CertificateSearch {
  private page: SearchPage | undefined;
  private error: string | undefined;
  private cursors: (string | null)[] = [];
  private readonly results = byId("results");

  constructor(private readonly token: () => string, private readonly open: (id: string) => void) {
    this.buildChecks("f-provinces", "province", PROVINCES);
    this.buildChecks("f-statuses", "status", CERTIFICATE_STATUSES);
    byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.cursors = [null];
      void this.load();
    });
    this.renderLabels();
  }

  private buildChecks(id: string, group: string, values: readonly string[]): void {
    byId(id).replaceChildren(...values.map((value) => h("label", { class: "check" }, h("input", { type: "checkbox", value, name: id }), h("span", { "data-group": group, "data-value": value }))));
  }

  /** Option and checkbox texts depend on the language. */
  renderLabels(): void {
    document.querySelectorAll<HTMLElement>("#search-form [data-group]").forEach((el) => (el.textContent = label(el.dataset.group!, el.dataset.value!)));
    const kind = byId<HTMLSelectElement>("f-kind");
    const selected = kind.value;
    kind.replaceChildren(h("option", { value: "" }, t("console.anyKind")), ...CERTIFICATE_KINDS.map((k) => h("option", { value: k }, label("kind", k))));
    kind.value = selected;
  }

  private filter(): Record<string, unknown> {
    const text = (id: string) => byId<HTMLInputElement>(id).value.trim() || undefined;
    const checked = (id: string) => {
      const values = [...document.querySelectorAll<HTMLInputElement>(`#${id} input:checked`)].map((i) => i.value);
      return values.length ? values : undefined;
    };
    const kind = byId<HTMLSelectElement>("f-kind").value;
    return {
      search: text("f-search"), provinces: checked("f-provinces"), statuses: checked("f-statuses"), kinds: kind ? [kind] : undefined,
      holderUscc: text("f-holder"), issuerId: text("f-issuer"), standardCode: text("f-standard"), validOn: text("f-valid-on"),
    };
  }

  async load(): Promise<void> {
    const after = this.cursors[this.cursors.length - 1] ?? null;
    const first = Number(byId<HTMLSelectElement>("f-first").value);
    const response = await graphql<{ certificates: SearchPage }>(SEARCH, { filter: this.filter(), first, after }, this.token());
    this.page = response.data?.certificates;
    this.error = this.page ? undefined : describeErrors(response.errors);
    this.render();
  }

  render(): void {
    if (this.error) return this.results.replaceChildren(h("p", { class: "notice notice-error", role: "alert" }, this.error));
    const page = this.page;
    if (!page) return this.results.replaceChildren();
    const rows = page.edges.map(({ node: c }) =>
      h("tr", { "data-id": c.id, "data-number": c.number },
        h("td", {}, h("button", { type: "button", class: "link", "data-open": c.id }, c.number)),
        h("td", {}, c.holder.name), h("td", { class: "hide-narrow" }, c.issuer.name), h("td", {}, label("province", c.province)),
        h("td", {}, statusBadge(c.status)), h("td", { class: "hide-narrow" }, c.validUntil)));
    const pager = h("div", { class: "pager" },
      h("span", { id: "total" }, t("console.total", { n: page.totalCount })),
      this.button("console.prev", "prev", this.cursors.length > 1, () => this.cursors.pop()),
      this.button("console.next", "next", page.pageInfo.hasNextPage, () => this.cursors.push(page.pageInfo.endCursor)));
    this.results.replaceChildren(
      pager,
      rows.length ? h("div", { class: "table-wrap" }, h("table", { id: "results-table" }, h("tbody", {}, rows))) : h("p", { class: "muted" }, t("console.noResults")),
    );
    this.results.querySelectorAll<HTMLButtonElement>("[data-open]").forEach((b) => b.addEventListener("click", () => this.open(b.dataset.open!)));
  }

  private button(key: "console.prev" | "console.next", id: string, enabled: boolean, move: () => void): HTMLButtonElement {
    const button = h("button", { type: "button", id: `page-${id}` }, t(key));
    button.disabled = !enabled;
    button.addEventListener("click", () => {
      move();
      void this.load();
    });
    return button;
  }
}
