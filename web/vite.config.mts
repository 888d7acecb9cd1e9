import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Two pages, one bundle folder: the gateway serves verify.html at /verify and /verify/<id>, console.html
 * at /console, and /assets/* from the same folder (src/web-server). Everything is bundled: the pages load
 * nothing from outside the server. WEB_DIST_DIR lets the browser tests build into a folder of their own.
 */
export default defineConfig({
  root: here("."),
  base: "/",
  logLevel: "warn",
  build: {
    outDir: process.env.WEB_DIST_DIR || here("../dist/web"),
    emptyOutDir: true,
    target: "es2020",
    // No inline scripts or data: the Content-Security-Policy allows only same-origin files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { verify: here("verify.html"), console: here("console.html") },
    },
  },
});
