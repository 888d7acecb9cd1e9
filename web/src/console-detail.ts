import { byId, h, row } from "./dom";
import { describeErrors, graphql } from "./graphql";
import { dateTime, label, t } from "./i18n";
import type { Claims } from "./console-session";
import { DETAIL, SET_STATUS, TRANSITIONS, type CertificateDetail } from "./console-queries";
import { statusBadge } from "./verify-render";

type Outcome = { ok: string } | { refused: string } | { missing: string } | undefined;

/**
 * One certificate with its status history and the actions the signed-in role may ask for. The console
 * offers a regulator the actions on any certificate; for another province's certificate it says so, and
 * the server's refusal is shown as the server words it.
 */
export class CertificateDetailView {
  private certificate: CertificateDetail | undefined;
  private error: string | undefined;
  private outcome: Outcome;
  private readonly root = byId("detail");

  constructor(private readonly session: () => { token: string; claims: Claims }, private readonly changed: () => void) {}

  async open(id: string): Promise<void> {
    this.outcome = undefined;
    await this.reload(id);
    this.root.scrollIntoView({ block: "nearest" });
  }

  private async reload(id: string): Promise<void> {
    const response = await graphql<{ certificate: CertificateDetail | null }>(DETAIL, { id }, this.session().token);
    this.certificate = response.data?.certificate ?? undefined;
    this.error = this.certificate ? undefined : describeErrors(response.errors) || id;
    this.render();
  }

  render(): void {
    this.root.hidden = !this.certificate && !this.error;
    const c = this.certificate;
    if (!c) return this.root.replaceChildren(h("p", { class: "notice notice-error" }, this.error ?? ""));
    this.root.replaceChildren(
      h("div", { class: "banner" }, statusBadge(c.status, true), h("h2", { id: "detail-number" }, c.number),
        h("a", { href: `/verify/${encodeURIComponent(c.id)}`, class: "small", target: "_blank", rel: "noopener" }, t("console.verifyPage"))),
      h("dl", { class: "details" },
        row(t("field.kind"), `${label("kind", c.kind)} · ${c.scheme}`),
        row(t("field.holder"), `${c.holder.name} · ${c.holder.uscc}`),
        row(t("field.issuer"), `${c.issuer.name} (${c.issuer.id}) · ${label("province", c.issuer.province)}`),
        row(t("field.validity"), `${c.issuedOn} – ${c.validUntil}`),
        row(t("field.scope"), c.scope),
        row(t("field.standards"), c.standards.map((s) => s.code).join("、")),
        row(t("field.updatedAt"), dateTime(c.updatedAt)),
      ),
      h("h3", {}, t("field.history")),
      h("ol", { class: "history", id: "history" },
        c.statusHistory.map((s) => h("li", {}, statusBadge(s.status), ` ${dateTime(s.at)} `, s.reason ? h("span", { class: "muted" }, s.reason) : null))),
      this.actions(c),
    );
  }

  private actions(c: CertificateDetail): HTMLElement {
    const { claims } = this.session();
    const box = h("div", { class: "actions", id: "actions" }, h("h3", {}, t("console.actions")));
    if (claims.role !== "regulator" && claims.role !== "admin") {
      box.append(h("p", { class: "muted" }, t("console.readOnlyRole")));
      return box;
    }
    const targets = TRANSITIONS[c.status] ?? [];
    if (!targets.length) {
      box.append(h("p", { class: "muted" }, t("console.noActions")));
      return box;
    }
    if (claims.role === "regulator" && claims.province && claims.province !== c.province) {
      box.append(h("p", { class: "notice notice-info" }, t("console.otherProvince", { province: label("province", c.province) })));
    }
    const reason = h("textarea", { id: "action-reason", rows: "2", maxlength: "1000", placeholder: t("console.reason") });
    box.append(reason, h("div", { class: "buttons" }, targets.map((status) => {
      const button = h("button", { type: "button", "data-action": status, class: `action action-${status}` }, t(`console.action.${status}` as "console.action.ACTIVE"));
      button.addEventListener("click", () => void this.act(c, status, reason.value.trim()));
      return button;
    })));
    const outcome = this.outcome;
    if (outcome && "refused" in outcome) box.append(h("p", { class: "notice notice-error", id: "action-outcome", role: "alert" }, t("console.refused", { msg: outcome.refused })));
    if (outcome && "missing" in outcome) box.append(h("p", { class: "notice notice-error", id: "action-outcome", role: "alert" }, outcome.missing));
    if (outcome && "ok" in outcome) box.append(h("p", { class: "notice notice-ok", id: "action-outcome", role: "status" }, outcome.ok));
    return box;
  }

  private async act(c: CertificateDetail, status: string, reason: string): Promise<void> {
    if (!reason) {
      this.outcome = { missing: t("console.reasonRequired") };
      return this.render();
    }
    const response = await graphql<{ setCertificateStatus: { number: string; status: string } }>(SET_STATUS, { id: c.id, status, reason }, this.session().token);
    const done = response.data?.setCertificateStatus;
    this.outcome = done ? { ok: t("console.actionDone", { number: done.number, status: label("status", done.status) }) } : { refused: describeErrors(response.errors) };
    await this.reload(c.id);
    if (done) this.changed();
  }
}
