/**
 * The architecture's import rules, checked by test/unit/architecture.test.ts (`npx depcruise src bench
 * migrations` prints the same). Type-only imports count too: a cycle of types still ties two files'
 * meaning together, and an entity's type is as private to its subgraph as the entity.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes load order matter and hides which file depends on which.",
      from: {},
      to: { circular: true },
    },
    {
      name: "platform-knows-no-subgraph",
      severity: "error",
      comment: "src/platform is the shared kernel: every subgraph, the gateway and the CLIs build on it, never the reverse.",
      from: { path: "^src/platform/" },
      to: { path: "^src/(subgraphs|gateway|import|cli|demo)/" },
    },
    {
      name: "subgraph-entities-stay-home",
      severity: "error",
      comment: "A subgraph's tables are its own: another subgraph points at them by federation key, or reads them through the owner's *.reader.ts.",
      from: { path: "^src/subgraphs/([^/]+)/" },
      to: { path: "^src/subgraphs/[^/]+/.+[.]entity[.]ts$", pathNot: "^src/subgraphs/$1/" },
    },
    {
      name: "subgraphs-meet-through-readers-and-types",
      severity: "error",
      comment: "Across subgraphs only the read services (*.reader.ts) and shared GraphQL value types and enums (*.type.ts, *.enums.ts) are public.",
      from: { path: "^src/subgraphs/([^/]+)/" },
      to: { path: "^src/subgraphs/[^/]+/", pathNot: ["^src/subgraphs/$1/", "[.](reader|type|enums)[.]ts$"] },
    },
    {
      name: "product-code-needs-no-tests",
      severity: "error",
      comment: "What runs in production must not load the test or bench harness.",
      from: { path: "^(src|migrations)/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "resolvable",
      severity: "error",
      comment: "Every relative import names a file that exists.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // "types" too: a types-only package (@apollo/server-gateway-interface) resolves to its declarations.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "types", "default"] },
  },
};
