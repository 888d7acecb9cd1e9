import "reflect-metadata";

process.env.NODE_ENV = "test";
process.env.AUTH_JWT_SECRET ??= "test-secret-for-jest-only";
// "error", not "silent": the gateway runtime reads LOG_LEVEL too and knows no "silent".
process.env.LOG_LEVEL ??= "error";
