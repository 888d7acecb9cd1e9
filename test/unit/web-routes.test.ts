import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withWebRoutes } from "../../src/web-server/web-routes";

let server: http.Server;
let base: string;
let distDir: string;
const fellThrough: string[] = [];

beforeAll(async () => {
  distDir = mkdtempSync(path.join(os.tmpdir(), "yrd-web-routes-"));
  mkdirSync(path.join(distDir, "assets"));
  writeFileSync(path.join(distDir, "verify.html"), "<html>verify</html>");
  writeFileSync(path.join(distDir, "console.html"), "<html>console</html>");
  writeFileSync(path.join(distDir, "assets", "app-1234.js"), "console.log(1)");
  writeFileSync(path.join(os.tmpdir(), "yrd-web-routes-secret.txt"), "secret");
  const gateway: http.RequestListener = (req, res) => {
    fellThrough.push(`${req.method} ${req.url}`);
    res.writeHead(404).end("gateway");
  };
  server = http.createServer(withWebRoutes(gateway, { publicBaseUrl: "https://verify.example.cn", distDir }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(distDir, { recursive: true, force: true });
  rmSync(path.join(os.tmpdir(), "yrd-web-routes-secret.txt"), { force: true });
});

describe("web routes in front of the gateway", () => {
  it("serves the pages at /verify, /verify/<id> and /console with a strict CSP", async () => {
    for (const [url, body] of [["/verify", "verify"], ["/verify/42", "verify"], ["/verify/M42", "verify"], ["/console", "console"]]) {
      const response = await fetch(base + url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(body);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
    const root = await fetch(`${base}/`, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/verify"]);
  });

  it("serves bundle files cached for good, and nothing outside the bundle folder", async () => {
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/..%2F..%2Fyrd-web-routes-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/assets/%2e%2e/%2e%2e/yrd-web-routes-secret.txt`)).status).toBe(404);
  });

  it("makes QR codes for plain ids only", async () => {
    const svg = await fetch(`${base}/qr/M42.svg`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toMatch(/^<svg/);
    expect((await fetch(`${base}/qr/a%20b.svg`)).status).toBe(404);
    expect((await fetch(`${base}/qr/42.gif`)).status).toBe(404);
  });

  it("leaves /graphql, other paths and other methods to the gateway", async () => {
    fellThrough.length = 0;
    await fetch(`${base}/graphql`, { method: "POST", body: "{}" });
    await fetch(`${base}/graphql`);
    await fetch(`${base}/verify`, { method: "POST", body: "{}" });
    await fetch(`${base}/healthz`);
    expect(fellThrough).toEqual(["POST /graphql", "GET /graphql", "POST /verify", "GET /healthz"]);
  });
});
