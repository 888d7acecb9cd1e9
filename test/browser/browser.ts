import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "test/artifacts");

/** Debian's chromium (.ci/run installs it); flags from the machine notes: no sandbox as root, nothing phoning home. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Builds the pages into a folder of this test file's own and points the server at it (WEB_DIST_DIR,
 * read per request), so the test always sees the current web/ sources and two workers never collide.
 */
export function buildWeb(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "yrd-web-"));
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", path.join(ROOT, "web/vite.config.mts")], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, WEB_DIST_DIR: dir, VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" },
  });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stdout}${run.stderr}`);
  process.env.WEB_DIST_DIR = dir;
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `chromium.launch` gives every browser a new, empty profile of its own. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * Saves a screenshot under test/artifacts/ (not committed). With SCREENSHOTS_TO_DOCS=1, the few marked
 * `docs` are also copied to docs/screenshots/, the committed pictures the README shows.
 */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (options.docs && process.env.SCREENSHOTS_TO_DOCS === "1") {
    mkdirSync(path.join(ROOT, "docs/screenshots"), { recursive: true });
    copyFileSync(file, path.join(ROOT, "docs/screenshots", `${name}.png`));
  }
}

/** The gateway's origin, from its GraphQL URL: the pages are on the same port. */
export const originOf = (gatewayUrl: string): string => new URL(gatewayUrl).origin;

/**
 * Collects what would show in the browser's console as an error: script errors, failed loads, and
 * Content-Security-Policy refusals (a page that tried to load anything from elsewhere).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // The sign-in test sends a forged token on purpose: the gateway's 401 for it is expected.
    const refusedToken = message.location().url.endsWith("/graphql") && message.text().includes("status of 401");
    if (message.type() === "error" && !refusedToken) errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
}
