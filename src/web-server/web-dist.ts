import { existsSync } from "node:fs";
import path from "node:path";

/** The folder holding package.json, found upwards from here: the same from src/ (tests) and from dist/src/ (npm start). */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Where `vite build --config web/vite.config.ts` put the pages. WEB_DIST_DIR overrides it (the browser
 * tests build into a folder of their own, so that two test workers never overwrite each other).
 */
export function webDistDir(): string {
  return path.resolve(process.env.WEB_DIST_DIR || path.join(packageRoot(), "dist", "web"));
}
