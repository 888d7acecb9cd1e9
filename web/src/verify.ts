import "./style.css";
import { byId, h } from "./dom";
import { describeErrors, graphql, type GraphQLResult } from "./graphql";
import { setupLanguageSwitch, t } from "./i18n";
import { certificateCard, metrologyCard, notice, qrCard, recognitionCard, standardsCard } from "./verify-render";
import {
  CERTIFICATE_BY_ID, CERTIFICATE_RECOGNITION, CERTIFICATE_STANDARDS, CERTIFICATES_BY_NUMBER, isMetrologyId, METROLOGY_BY_ID, METROLOGY_RECOGNITION,
  type Certificate, type FourDecisions, type MetrologyResult, type StandardStatus,
} from "./verify-queries";

/** A part loaded on its own: absent while loading, then its data or the reason it failed. */
type Part<T> = { data: T } | { error: string } | undefined;

type View =
  | { kind: "empty" }
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "notFound"; query: string }
  | { kind: "choose"; certificates: Certificate[] }
  | { kind: "certificate"; certificate: Certificate; standards: Part<StandardStatus[]>; recognition: Part<FourDecisions> }
  | { kind: "metrology"; result: MetrologyResult; recognition: Part<FourDecisions> };

const result = byId("result");
const form = byId<HTMLFormElement>("verify-form");
const input = byId<HTMLInputElement>("query");
let view: View = { kind: "empty" };
// Each lookup gets a number; answers to an older lookup are dropped.
let generation = 0;

function part<T>(p: Part<T>, render: (data: T) => HTMLElement): HTMLElement | null {
  if (!p) return h("p", { class: "muted card" }, t("verify.loading"));
  if ("error" in p) return h("section", { class: "card" }, notice("error", "verify.sectionUnavailable", { msg: p.error }));
  return render(p.data);
}

function render(): void {
  const v = view;
  let children: (HTMLElement | null)[];
  switch (v.kind) {
    case "empty": children = []; break;
    case "loading": children = [notice("info", "verify.loading")]; break;
    case "error": children = [notice("error", "verify.error", { msg: v.message })]; break;
    case "notFound": children = [notice("error", "verify.notFound", { q: v.query })]; break;
    case "choose":
      children = [
        h("section", { class: "card" }, h("p", {}, t("verify.choose")),
          h("ul", { class: "plain" }, v.certificates.map((c) => h("li", {}, h("a", { href: `/verify/${encodeURIComponent(c.id)}`, "data-id": c.id }, `${c.number} · ${c.issuer.name} · ${c.holder.name}`))))),
      ];
      break;
    case "certificate":
      children = [certificateCard(v.certificate), part(v.standards, standardsCard), part(v.recognition, recognitionCard), qrCard(v.certificate.id)];
      break;
    case "metrology":
      children = [metrologyCard(v.result), part(v.recognition, recognitionCard), qrCard(v.result.id)];
      break;
  }
  result.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  result.setAttribute("aria-busy", String(v.kind === "loading"));
}

function show(next: View): void {
  view = next;
  render();
}

const toPart = <D, T>(response: GraphQLResult<D>, pick: (data: D) => T | null | undefined): Part<T> => {
  const data = response.data ? pick(response.data) : undefined;
  return data ? { data } : { error: describeErrors(response.errors) || "—" };
};

/** Shows a certificate at once, then fills in its standards and recognition as each arrives. */
function showCertificate(certificate: Certificate, mine: number): void {
  show({ kind: "certificate", certificate, standards: undefined, recognition: undefined });
  const update = (patch: Partial<Extract<View, { kind: "certificate" }>>) => {
    if (mine === generation && view.kind === "certificate") show({ ...view, ...patch });
  };
  const variables = { id: certificate.id };
  void graphql<{ certificate: { standards: StandardStatus[] } | null }>(CERTIFICATE_STANDARDS, variables).then((r) =>
    update({ standards: toPart(r, (d) => d.certificate?.standards) }));
  void graphql<{ certificate: FourDecisions | null }>(CERTIFICATE_RECOGNITION, variables).then((r) => update({ recognition: toPart(r, (d) => d.certificate) }));
}

async function showMetrology(id: string, mine: number): Promise<void> {
  const response = await graphql<{ metrologyResult: MetrologyResult | null }>(METROLOGY_BY_ID, { id: id.toUpperCase() });
  if (mine !== generation) return;
  if (!response.data?.metrologyResult) {
    return show(response.errors?.length ? { kind: "error", message: describeErrors(response.errors) } : { kind: "notFound", query: id });
  }
  show({ kind: "metrology", result: response.data.metrologyResult, recognition: undefined });
  const r = await graphql<{ metrologyResult: FourDecisions | null }>(METROLOGY_RECOGNITION, { id: response.data.metrologyResult.id });
  if (mine === generation && view.kind === "metrology") show({ ...view, recognition: toPart(r, (d) => d.metrologyResult) });
}

/**
 * What was typed or scanned: "M" + digits is a metrology result id; anything else is looked up as a
 * certificate number first (what is printed on paper), then as a certificate id (what a QR code holds).
 */
async function lookup(raw: string, fromUrl: boolean): Promise<void> {
  const query = raw.trim();
  const mine = ++generation;
  if (!query) return show({ kind: "empty" });
  show({ kind: "loading" });
  if (isMetrologyId(query)) return showMetrology(query, mine);
  const tryId = async () => (/^\d{1,18}$/.test(query) ? graphql<{ certificate: Certificate | null }>(CERTIFICATE_BY_ID, { id: query }) : undefined);
  const tryNumber = () => graphql<{ certificatesByNumber: Certificate[] }>(CERTIFICATES_BY_NUMBER, { number: query });
  // A QR URL holds an id, a typed query most likely a number: ask the likelier one first.
  const byId = fromUrl ? await tryId() : undefined;
  let found: Certificate[] = byId?.data?.certificate ? [byId.data.certificate] : [];
  let errors = byId?.errors;
  if (!found.length) {
    const byNumber = await tryNumber();
    found = byNumber.data?.certificatesByNumber ?? [];
    errors = byNumber.errors;
  }
  if (!found.length && !fromUrl) {
    const second = await tryId();
    if (second?.data?.certificate) found = [second.data.certificate];
  }
  if (mine !== generation) return;
  if (found.length === 1) {
    const id = found[0]!.id;
    if (location.pathname !== `/verify/${id}`) history.replaceState(null, "", `/verify/${encodeURIComponent(id)}`);
    return showCertificate(found[0]!, mine);
  }
  if (found.length > 1) return show({ kind: "choose", certificates: found });
  show(errors?.length ? { kind: "error", message: describeErrors(errors) } : { kind: "notFound", query });
}

/** /verify/<id> (from a QR code) or /verify?q=<number> (a shared link). */
function fromLocation(): void {
  const match = /^\/verify\/([^/]+)$/.exec(location.pathname);
  const q = match ? decodeURIComponent(match[1]!) : new URLSearchParams(location.search).get("q") ?? "";
  input.value = q;
  void lookup(q, Boolean(match));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.pushState(null, "", `/verify?q=${encodeURIComponent(input.value.trim())}`);
  void lookup(input.value, false);
});
window.addEventListener("popstate", fromLocation);
setupLanguageSwitch(byId<HTMLButtonElement>("lang-switch"), render);
fromLocation();
