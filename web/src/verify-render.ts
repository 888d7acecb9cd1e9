import { h, row } from "./dom";
import { label, t, type MessageKey } from "./i18n";
import { PROVINCES, type Certificate, type Decision, type FourDecisions, type Institution, type MetrologyResult, type StandardStatus } from "./verify-queries";

/** The status as a coloured word: the colour is never the only signal. */
export function statusBadge(status: string, large = false): HTMLElement {
  return h("span", { class: `badge status-${status}${large ? " badge-large" : ""}`, "data-status": status }, label("status", status));
}

function accreditations(issuer: Institution): HTMLElement {
  if (!issuer.accreditations.length) return h("span", { class: "muted" }, "—");
  return h(
    "ul",
    { class: "plain" },
    issuer.accreditations.map((a) =>
      h(
        "li",
        { "data-accreditation": a.number },
        `${label("scheme", a.scheme)} ${a.number} · `,
        h("span", { class: `acc acc-${a.status}` }, label("accStatus", a.status)),
        ` · ${a.validFrom} – ${a.validUntil ?? "…"}`,
        a.scope.length ? h("div", { class: "muted small" }, a.scope.join("、")) : null,
      ),
    ),
  );
}

function issuerBlock(issuer: Institution): HTMLElement[] {
  return [
    row(t("field.issuer"), h("strong", {}, issuer.name), h("span", { class: "muted" }, ` · ${label("institution", issuer.kind)} · ${label("province", issuer.province)}`)),
    row(t("field.accreditation"), accreditations(issuer)),
  ].filter((r): r is HTMLElement => r !== null);
}

export function certificateCard(c: Certificate): HTMLElement {
  return h(
    "section",
    { class: "card subject", id: "subject", "data-kind": "certificate", "data-id": c.id },
    h("div", { class: "banner" }, statusBadge(c.status, true), h("h2", { id: "subject-number" }, c.number)),
    h(
      "dl",
      { class: "details" },
      row(t("field.kind"), `${label("kind", c.kind)} · ${c.scheme}`),
      row(t("field.holder"), h("strong", { id: "holder-name" }, c.holder.name), h("div", { class: "muted small" }, `${t("field.uscc")} ${c.holder.uscc}`)),
      ...issuerBlock(c.issuer),
      row(t("field.validity"), h("span", { id: "validity" }, `${c.issuedOn} – ${c.validUntil}`)),
      row(t("field.scope"), c.scope),
      row(t("field.province"), label("province", c.province)),
    ),
  );
}

export function metrologyCard(m: MetrologyResult): HTMLElement {
  const u = m.uncertainty;
  return h(
    "section",
    { class: "card subject", id: "subject", "data-kind": "metrology", "data-id": m.id },
    h(
      "div",
      { class: "banner" },
      m.conclusion ? h("span", { class: `badge badge-large conclusion-${m.conclusion}`, "data-status": m.conclusion }, label("conclusion", m.conclusion)) : h("span", { class: "badge badge-large" }, label("kind", m.kind)),
      h("h2", { id: "subject-number" }, m.number),
    ),
    h(
      "dl",
      { class: "details" },
      row(t("field.kind"), label("kind", m.kind)),
      row(t("field.instrument"), `${m.instrument.name}${m.instrument.model ? ` ${m.instrument.model}` : ""} · ${m.instrument.serialNumber} · ${m.instrument.quantity}`),
      row(t("field.owner"), h("strong", { id: "holder-name" }, m.owner.name), h("div", { class: "muted small" }, `${t("field.uscc")} ${m.owner.uscc}`)),
      ...issuerBlock(m.issuer),
      row(t("field.validity"), h("span", { id: "validity" }, `${m.measuredOn} – ${m.validUntil ?? "…"}`)),
      row(t("field.procedure"), m.procedure),
      u ? row(t("field.uncertainty"), `U = ${u.value} ${u.unit} (k = ${u.coverageFactor})`) : null,
      row(t("field.traceability"), m.traceability),
    ),
  );
}

export function standardsCard(standards: StandardStatus[]): HTMLElement {
  return h(
    "section",
    { class: "card", id: "standards" },
    h("h3", {}, t("field.standards")),
    standards.length
      ? h(
          "ul",
          { class: "plain" },
          standards.map((s) =>
            h(
              "li",
              { "data-standard": s.code },
              h("strong", {}, s.code),
              ` ${s.title} `,
              h("span", { class: `badge std-${s.status}`, "data-status": s.status }, label("stdStatus", s.status)),
              s.supersededBy ? h("span", { class: "muted small" }, ` ${t("std.supersededBy", { code: s.supersededBy.code })}`) : null,
            ),
          ),
        )
      : h("p", { class: "muted" }, t("field.noStandards")),
  );
}

function decisionBlock(d: Decision): HTMLElement {
  const failed = d.reasons.filter((r) => !r.passed);
  return h(
    "article",
    { class: `decision outcome-${d.outcome}`, "data-province": d.targetProvince, "data-outcome": d.outcome },
    h("header", {}, h("strong", {}, label("province", d.targetProvince)), h("span", { class: `badge outcome-badge outcome-${d.outcome}` }, label("outcome", d.outcome))),
    d.agreement ? h("p", { class: "muted small" }, t("recognition.agreement", { title: d.agreement.title })) : null,
    failed.length
      ? h(
          "div",
          {},
          h("p", { class: "small" }, t("recognition.failed")),
          h(
            "ul",
            { class: "reasons" },
            failed.map((r) =>
              h(
                "li",
                { "data-reason": r.code },
                h("strong", {}, `${label("reason", r.code)}：`),
                // A check this page does not know yet still shows, with the server's own words below.
                label("reasonFail", r.code) !== r.code ? label("reasonFail", r.code) : "",
                h("div", { class: "muted small detail" }, r.message),
              ),
            ),
          ),
        )
      : h("p", { class: "small ok" }, t("recognition.allPassed")),
  );
}

export function recognitionCard(decisions: FourDecisions): HTMLElement {
  const asOf = decisions.SH?.asOf;
  return h(
    "section",
    { class: "card", id: "recognition" },
    h("h3", {}, t("recognition.title"), asOf ? h("span", { class: "muted small" }, ` · ${t("recognition.asOf", { date: asOf })}`) : null),
    h("div", { class: "decisions" }, PROVINCES.map((p) => (decisions[p] ? decisionBlock(decisions[p]) : null))),
  );
}

export function qrCard(id: string): HTMLElement {
  const svg = `/qr/${encodeURIComponent(id)}.svg`;
  return h(
    "section",
    { class: "card qr" },
    h("img", { src: svg, alt: t("verify.qr"), width: "128", height: "128", id: "qr-image" }),
    h(
      "div",
      {},
      h("h3", {}, t("verify.qr")),
      h("p", { class: "muted small" }, t("verify.qrHint")),
      h("a", { href: svg, download: `${id}.svg` }, t("verify.qrSvg")),
      " · ",
      h("a", { href: `/qr/${encodeURIComponent(id)}.png`, download: `${id}.png` }, t("verify.qrPng")),
    ),
  );
}

export function notice(kind: "error" | "info", key: MessageKey, vars: Record<string, string> = {}): HTMLElement {
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, t(key, vars));
}
