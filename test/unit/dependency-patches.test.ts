import { readFileSync } from "node:fs";
import path from "node:path";

// npm ci applies patches/ (postinstall: patch-package). An install that skipped it would still work,
// only slower; this says so instead.
it("runs Hive Router's runtime with the enum projection patch applied", () => {
  const root = path.dirname(require.resolve("@graphql-hive/router-runtime/package.json"));
  for (const file of ["dist/index.cjs", "dist/index.js"]) {
    const source = readFileSync(path.join(root, file), "utf8");
    expect(source).toContain("isInaccessibleEnumValue(executionContext.supergraphSchema, enumValue)");
  }
});

it("runs the gateway's HTTP executor with its disposal signal free of the listener limit", () => {
  const root = path.dirname(require.resolve("@graphql-tools/executor-http/package.json"));
  for (const file of ["dist/index.cjs", "dist/index.js"]) {
    expect(readFileSync(path.join(root, file), "utf8")).toContain(`getBuiltinModule?.("node:events")?.setMaxListeners(0, disposeCtrl.signal)`);
  }
});

it("runs the Hive gateway with yoga's body limit configurable, so that the HTTP guard's is the only one", () => {
  const root = path.dirname(require.resolve("@graphql-hive/gateway-runtime/package.json"));
  for (const file of ["dist/index.cjs", "dist/index.js"]) {
    expect(readFileSync(path.join(root, file), "utf8")).toContain("maxRequestBodySize: config.maxRequestBodySize,");
  }
});
