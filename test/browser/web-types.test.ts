import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

// Vite bundles without type-checking and the Node tsconfig leaves web/ out: this is where CI checks the pages' types.
it("type-checks the web pages against the DOM library (web/tsconfig.json)", () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", path.join(ROOT, "web/tsconfig.json")], { cwd: ROOT, encoding: "utf8" });
  expect(`${run.stdout}${run.stderr}`).toBe("");
  expect(run.status).toBe(0);
});
