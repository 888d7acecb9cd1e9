import "./style.css";
import { byId } from "./dom";
import { setupLanguageSwitch, t } from "./i18n";
import { CertificateDetailView } from "./console-detail";
import { CertificateSearch } from "./console-search";
import { describeClaims, forgetToken, signIn, storedToken, type Claims } from "./console-session";
import { LivePanel } from "./live-panel";

let session: { token: string; claims: Claims } | undefined;
const current = () => {
  if (!session) throw new Error("not signed in");
  return session;
};

const search = new CertificateSearch(() => current().token, (id) => void detail.open(id));
const detail = new CertificateDetailView(current, () => void search.load());
const live = new LivePanel(byId("live-events"), byId("live-state"), byId<HTMLButtonElement>("live-forget"));
const signinError = byId("signin-error");

function showSignedIn(token: string, claims: Claims): void {
  session = { token, claims };
  byId("signin").hidden = true;
  byId("workspace").hidden = false;
  byId("sign-out").hidden = false;
  byId("who").textContent = t("console.signedInAs", { who: describeClaims(claims) });
  byId("who").dataset.role = claims.role ?? "";
  live.start(token, claims.sub ?? claims.role ?? "anonymous");
  void search.load();
}

async function trySignIn(token: string): Promise<void> {
  const outcome = await signIn(token.trim());
  if ("error" in outcome) {
    signinError.hidden = false;
    signinError.textContent = t("console.badToken", { msg: outcome.error });
    forgetToken();
    return;
  }
  signinError.hidden = true;
  showSignedIn(token.trim(), outcome.claims);
}

byId<HTMLFormElement>("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void trySignIn(byId<HTMLTextAreaElement>("token").value);
});

byId("sign-out").addEventListener("click", () => {
  forgetToken();
  live.stop();
  session = undefined;
  location.reload();
});

setupLanguageSwitch(byId<HTMLButtonElement>("lang-switch"), () => {
  search.renderLabels();
  search.render();
  detail.render();
  live.render();
  if (session) byId("who").textContent = t("console.signedInAs", { who: describeClaims(session.claims) });
});

// A reload keeps the tab signed in (the token is in sessionStorage) and the live panel resumes.
const saved = storedToken();
if (saved) void trySignIn(saved);
