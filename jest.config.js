/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  globalSetup: "<rootDir>/test/support/global-setup.mjs",
  globalTeardown: "<rootDir>/test/support/global-teardown.mjs",
  setupFiles: ["<rootDir>/test/support/env.ts"],
  testTimeout: 60_000,
  // Every test file starts its own database and servers; two workers fit a 2-core machine.
  maxWorkers: 2,
  // A test that leaves a socket open must not hold CI for its whole time budget.
  forceExit: true,
};
