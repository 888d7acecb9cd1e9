/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest"],
    // Hive's Rust query planner is loaded with import(), which Jest's module sandbox refuses without
    // --experimental-vm-modules; compiled to CommonJS it becomes a require() (Node itself runs it as is).
    "/@graphql-hive/router-runtime/dist/index\\.cjs$": ["@swc/jest", { swcrc: false, jsc: { target: "es2022", parser: { syntax: "ecmascript" } }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!@graphql-hive/router-runtime/)"],
  globalSetup: "<rootDir>/test/support/global-setup.mjs",
  globalTeardown: "<rootDir>/test/support/global-teardown.mjs",
  setupFiles: ["<rootDir>/test/support/env.ts"],
  testTimeout: 60_000,
  // Every test file starts its own database and servers; two workers fit a 2-core machine.
  maxWorkers: 2,
  // A test that leaves a socket open must not hold CI for its whole time budget.
  forceExit: true,
};
