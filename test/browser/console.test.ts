import type { Browser, Page } from "playwright-core";
import { certificate } from "../support/fixtures";
import { startTestPlatform, tokenFor, type TestPlatform } from "../support/platform";
import { buildWeb, launchBrowser, originOf, screenshot, watchErrors } from "./browser";
import { HZ, NJ, seed } from "./seed";

let t: TestPlatform;
let web: ReturnType<typeof buildWeb>;
let browser: Browser;
let page: Page;
let origin: string;
let ids: Map<string, string>;
let errors: string[] = [];
const REGULATOR_ZJ = { sub: "reg-zj-browser", role: "regulator" as const, province: "ZJ" as never };

beforeAll(async () => {
  web = buildWeb();
  [t, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
  origin = originOf(t.gatewayUrl);
  ids = await seed(t, [
    certificate({ number: "ZJ-C-LIVE", holderUscc: HZ }),
    certificate({ number: "JS-C-OTHER", holderUscc: NJ, issuerId: "CB-JS" }),
    ...Array.from({ length: 24 }, (_, i) => certificate({ number: `ZJ-PAGE-${String(i).padStart(2, "0")}`, holderUscc: HZ })),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, locale: "zh-CN" });
  errors = watchErrors(page);
});
afterEach(() => {
  // No script error, failed load or Content-Security-Policy refusal on any page.
  expect(errors).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  web?.remove();
});

const text = (selector: string) => page.locator(selector).first().innerText();
const rows = () => page.locator("#results-table tr").count();

async function search(fill: () => Promise<void>): Promise<void> {
  const before = await page.locator("#results").innerHTML();
  await fill();
  await page.click("#search-form button[type=submit]");
  await page.waitForFunction((html) => document.querySelector("#results")!.innerHTML !== html, before);
}

async function open(number: string): Promise<void> {
  await search(() => page.fill("#f-search", number));
  await page.click(`#results-table [data-open='${ids.get(number)}']`);
  await page.waitForFunction((n) => document.querySelector("#detail-number")?.textContent === n, number);
}

describe("the regulator console", () => {
  it("refuses a bad token and signs a regulator in", async () => {
    await page.goto(`${origin}/console`);
    await page.fill("#token", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYWRtaW4ifQ.forged");
    await page.click("#signin-form button[type=submit]");
    await page.waitForSelector("#signin-error:not([hidden])");
    expect(await text("#signin-error")).toContain("令牌无效");
    await screenshot(page, "console-signin-zh");
    await page.fill("#token", tokenFor(REGULATOR_ZJ));
    await page.click("#signin-form button[type=submit]");
    await page.waitForSelector("#workspace:not([hidden])");
    expect(await text("#who")).toContain("regulator · ZJ");
    await page.waitForSelector("#live-state[data-state='live.connected']");
  });

  it("searches with the contract's filters and pages by cursor", async () => {
    await search(() => page.fill("#f-search", "ZJ-PAGE"));
    expect(await text("#total")).toBe("共 24 张证书");
    expect(await rows()).toBe(20);
    await page.click("#page-next");
    await page.waitForFunction(() => document.querySelectorAll("#results-table tr").length === 4);
    expect(await page.isDisabled("#page-next")).toBe(true);
    await page.click("#page-prev");
    await page.waitForFunction(() => document.querySelectorAll("#results-table tr").length === 20);
    await search(async () => {
      await page.fill("#f-search", "");
      await page.check("#f-provinces input[value='JS']");
    });
    expect(await page.$$eval("#results-table tr", (trs) => trs.map((tr) => tr.getAttribute("data-number")))).toEqual(["JS-C-OTHER"]);
    await page.uncheck("#f-provinces input[value='JS']");
  });

  it("suspends a certificate with a reason and sees the change arrive in the live panel", async () => {
    await open("ZJ-C-LIVE");
    await page.click("[data-action='SUSPENDED']");
    expect(await text("#action-outcome")).toBe("请填写原因。");
    await page.fill("#action-reason", "监督检查发现不符合项");
    await page.click("[data-action='SUSPENDED']");
    await page.waitForSelector("#action-outcome.notice-ok");
    expect(await page.getAttribute("#detail .badge-large", "data-status")).toBe("SUSPENDED");
    expect(await text("#history")).toContain("监督检查发现不符合项");
    // Only what may follow SUSPENDED is offered.
    expect(await page.$$eval("[data-action]", (bs) => bs.map((b) => b.getAttribute("data-action")))).toEqual(["ACTIVE", "WITHDRAWN", "CANCELLED"]);
    const event = page.locator(`#live-events li[data-kind='CERTIFICATE_STATUS_CHANGED'][data-subject='${ids.get("ZJ-C-LIVE")}']`);
    await event.waitFor();
    expect(await event.innerText()).toContain("ZJ-C-LIVE");
    expect(await event.locator(".badge").getAttribute("data-status")).toBe("SUSPENDED");
    await screenshot(page, "console-suspended-live-zh", { docs: true });
  });

  it("shows the server's refusal when a regulator acts on another province's certificate", async () => {
    await open("JS-C-OTHER");
    expect(await text("#actions .notice-info")).toContain("江苏");
    await page.fill("#action-reason", "越权测试");
    await page.click("[data-action='WITHDRAWN']");
    await page.waitForSelector("#action-outcome.notice-error");
    expect(await text("#action-outcome")).toContain("FORBIDDEN");
    expect(await page.getAttribute("#detail .badge-large", "data-status")).toBe("ACTIVE");
  });

  it("resumes the live panel by cursor after the page was closed and reopened", async () => {
    const id = ids.get("ZJ-C-LIVE")!;
    await page.goto("about:blank");
    await t.ok(`mutation($id: ID!) { setCertificateStatus(id: $id, status: ACTIVE, reason: "整改完成") { status } }`, { id }, REGULATOR_ZJ);
    await page.goto(`${origin}/console`);
    await page.waitForSelector("#workspace:not([hidden])");
    await page.waitForSelector(`#live-events li[data-subject='${id}']`);
    expect(await page.getAttribute("#live-state", "data-state")).toBe("live.resumed");
    // Only what happened while away is replayed: the reinstatement, not the suspension seen before.
    const events = page.locator("#live-events li[data-kind]");
    expect(await events.count()).toBe(1);
    expect(await events.first().locator(".badge").getAttribute("data-status")).toBe("ACTIVE");
    await page.click("#lang-switch");
    expect(await text("#live-events li[data-kind]")).toContain("Certificate status changed");
    await search(() => page.fill("#f-search", "ZJ-"));
    await screenshot(page, "console-resumed-en");
    await page.click("#lang-switch");
  });

  it("offers an issuer no actions and shows the feed's refusal in the live panel", async () => {
    await page.click("#sign-out");
    await page.waitForSelector("#signin:not([hidden])");
    await page.fill("#token", tokenFor({ sub: "issuer-zj", role: "issuer", institutionId: "CB-ZJ" }));
    await page.click("#signin-form button[type=submit]");
    await page.waitForSelector("#workspace:not([hidden])");
    await open("ZJ-C-LIVE");
    expect(await page.locator("[data-action]").count()).toBe(0);
    expect(await text("#actions")).toContain("只能查看");
    await page.waitForSelector("#live-state[data-state='live.error']");
    expect(await text("#live-state")).toMatch(/FORBIDDEN|not allowed|may not|forbidden/i);
  });
});
