import QRCode from "qrcode";
import type { Browser, Page } from "playwright-core";
import { addDays, today } from "../../src/platform/dates";
import { loadConfig } from "../../src/platform/config";
import { certificate } from "../support/fixtures";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { buildWeb, launchBrowser, originOf, screenshot, watchErrors } from "./browser";
import { HZ, NJ, seed } from "./seed";

let t: TestPlatform;
let web: ReturnType<typeof buildWeb>;
let browser: Browser;
let page: Page;
let origin: string;
let ids: Map<string, string>;
let errors: string[] = [];

beforeAll(async () => {
  web = buildWeb();
  [t, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
  origin = originOf(t.gatewayUrl);
  const T = today();
  ids = await seed(t, [
    certificate({ number: "JS-CCC-2023-117", kind: "PRODUCT", scheme: "CCC", scope: "电热水壶", issuerId: "CB-JS", holderUscc: NJ, standardCodes: ["GB 4706.1-2005"], issuedOn: addDays(T, -500), validUntil: addDays(T, 600), status: "SUSPENDED" }),
    // The same number from another issuer: the page must let the visitor choose.
    certificate({ number: "DUP-1", holderUscc: HZ }), certificate({ number: "DUP-1", holderUscc: NJ, issuerId: "CB-JS" }),
  ]);
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: "zh-CN" });
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

describe("the public verification page", () => {
  it("verifies a certificate by its number, in Chinese, with standards and the four provinces' decisions", async () => {
    await page.goto(`${origin}/verify`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await page.fill("#query", "ZJ-QMS-2024-001");
    await page.click("#verify-form button[type=submit]");
    await page.waitForSelector("#recognition [data-province='AH']");
    await page.waitForSelector("#standards [data-standard]");
    expect(new URL(page.url()).pathname).toBe(`/verify/${ids.get("ZJ-QMS-2024-001")}`);
    expect(await text("#subject-number")).toBe("ZJ-QMS-2024-001");
    expect(await page.getAttribute("#subject .badge-large", "data-status")).toBe("ACTIVE");
    expect(await text("#subject .badge-large")).toBe("有效");
    expect(await text("#holder-name")).toBe("杭州西湖智能仪表有限公司");
    expect(await text("#subject")).toContain("ZJ 认证机构 CB-ZJ");
    expect(await text("[data-accreditation='CNCA-R-CB-ZJ']")).toContain("有效");
    expect(await text("#validity")).toBe(`${addDays(today(), -200)} – ${addDays(today(), 900)}`);
    expect(await text("[data-standard='GB/T 19001-2016']")).toContain("现行有效");
    const outcomes = await page.$$eval("#recognition [data-province]", (els) => els.map((e) => [e.getAttribute("data-province"), e.getAttribute("data-outcome")]));
    expect(outcomes).toEqual([["SH", "RECOGNIZED"], ["JS", "RECOGNIZED"], ["ZJ", "RECOGNIZED"], ["AH", "RECOGNIZED"]]);
    // The phone-sized screen needs no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "verify-certificate-zh", { docs: true });
  });

  it("opens /verify/<id> from the QR code, shows a suspended certificate and the failed checks in plain words", async () => {
    const id = ids.get("JS-CCC-2023-117")!;
    await page.goto(`${origin}/verify/${id}`);
    await page.waitForSelector("#recognition [data-province='SH']");
    expect(await page.getAttribute("#subject .badge-large", "data-status")).toBe("SUSPENDED");
    expect(await text("#subject .badge-large")).toBe("暂停");
    expect(await text("[data-standard='GB 4706.1-2005']")).toContain("已被代替");
    expect(await text("[data-standard='GB 4706.1-2005']")).toContain("GB 4706.1-2024");
    const sh = page.locator("#recognition [data-province='SH']");
    expect(await sh.getAttribute("data-outcome")).toBe("NOT_RECOGNIZED");
    expect(await sh.locator("[data-reason='STATUS']").innerText()).toContain("证书当前不是有效状态");
    expect(await sh.locator("[data-reason='STANDARDS']").count()).toBe(1);
    // The page shows the code that leads back to it.
    await page.waitForFunction(() => ((document.querySelector("#qr-image") as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await screenshot(page, "verify-qr-suspended-zh");
  });

  it("serves QR codes (SVG and PNG) that encode PUBLIC_BASE_URL/verify/<id>", async () => {
    const id = ids.get("ZJ-QMS-2024-001")!;
    const svg = await fetch(`${origin}/qr/${id}.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    const expected = await QRCode.toString(`${loadConfig().publicBaseUrl}/verify/${id}`, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
    expect(await svg.text()).toBe(expected);
    const png = await fetch(`${origin}/qr/${id}.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect((await fetch(`${origin}/qr/..%2Fetc.svg`)).status).toBe(404);
  });

  it("switches to English and keeps the choice across a reload", async () => {
    await page.click("#lang-switch");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await text("h1")).toBe("Verify a certificate or metrology result");
    expect(await text("#subject .badge-large")).toBe("Suspended");
    expect(await text("#lang-switch")).toBe("中文");
    await page.reload();
    await page.waitForSelector("#recognition [data-province='SH']");
    expect(await text("#recognition [data-province='SH'] [data-reason='STATUS']")).toContain("not currently valid");
    await screenshot(page, "verify-qr-suspended-en", { docs: true });
    await page.click("#lang-switch");
    expect(await text("#lang-switch")).toBe("English");
  });

  it("verifies a metrology result by id, lets the visitor choose between equal numbers, and says when nothing matches", async () => {
    await page.goto(`${origin}/verify`);
    await page.fill("#query", ids.get("ZJ-JD-2025-0042")!);
    await page.click("#verify-form button[type=submit]");
    await page.waitForSelector("#recognition [data-province='JS']");
    expect(await page.getAttribute("#subject", "data-kind")).toBe("metrology");
    expect(await text("#subject-number")).toBe("ZJ-JD-2025-0042");
    expect(await text("#subject .badge-large")).toBe("合格");

    await page.fill("#query", "DUP-1");
    await page.click("#verify-form button[type=submit]");
    await page.waitForSelector("#result a[data-id]");
    expect(await page.locator("#result a[data-id]").count()).toBe(2);
    await page.locator("#result a[data-id]", { hasText: "CB-JS" }).click();
    await page.waitForSelector("#holder-name");
    expect(await text("#holder-name")).toBe("南京秦淮精密机械有限公司");

    await page.fill("#query", "NO-SUCH-CERT");
    await page.click("#verify-form button[type=submit]");
    await page.waitForSelector("#result .notice-error");
    expect(await text("#result .notice-error")).toContain("NO-SUCH-CERT");
  });
});
