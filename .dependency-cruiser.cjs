/**
 * What may import what (docs/architecture.md): the packages only along their dependencies, and in
 * the server each layer only its own and the layers below. `packages/server/test/import-rules.test.ts`
 * checks these rules in `npm test`.
 */
const pkg = (...names) => `^packages/(${names.join("|")})/`;
const src = "^packages/server/src/";
const layer = (...folders) => `${src}(${folders.join("|")})/`;
const above = {
  db: layer("regions", "personal-data", "access", "cascade", "reports", "import", "demo", "observability", "schema", "http"),
  regions: layer("personal-data", "access", "cascade", "reports", "import", "demo", "observability", "schema", "http"),
  domain: layer("observability", "schema", "http"),
  observability: layer("schema", "http"),
  schema: layer("http"),
};
const cli = `${src}cli\\.ts$`;

module.exports = {
  forbidden: [
    { name: "attendance-sheet-depends-on-no-package", severity: "error", from: { path: pkg("attendance-sheet") }, to: { path: "^packages/", pathNot: pkg("attendance-sheet") } },
    { name: "contract-depends-on-no-package", severity: "error", from: { path: pkg("contract") }, to: { path: pkg("server", "sdk", "integration") } },
    { name: "server-never-uses-the-sdk", severity: "error", comment: "Both depend on @p3pd/contract, neither on the other.", from: { path: pkg("server") }, to: { path: pkg("sdk", "integration") } },
    { name: "sdk-never-uses-the-server", severity: "error", from: { path: pkg("sdk") }, to: { path: pkg("server", "integration") } },
    { name: "no-circular", severity: "error", comment: "Modules form no import cycle.", from: { pathNot: "/generated/" }, to: { circular: true, pathNot: "/generated/" } },
    { name: "foundation-imports-nothing-above", severity: "error", comment: "src/*.ts (paths, progress, settings errors) sit below every folder.", from: { path: `${src}[^/]+\\.ts$`, pathNot: cli }, to: { path: `${src}.+/` } },
    { name: "db-is-the-bottom-layer", severity: "error", from: { path: layer("db") }, to: { path: [above.db, cli] } },
    { name: "regions-below-the-domain", severity: "error", from: { path: layer("regions") }, to: { path: [above.regions, cli] } },
    { name: "domain-below-graphql-and-http", severity: "error", comment: "The domain never imports the GraphQL layer.", from: { path: layer("personal-data", "access", "cascade", "reports", "import", "demo") }, to: { path: [above.domain, cli] } },
    { name: "observability-below-graphql-and-http", severity: "error", from: { path: layer("observability") }, to: { path: [above.observability, cli] } },
    { name: "schema-below-http", severity: "error", from: { path: layer("schema") }, to: { path: [above.schema, cli] } },
    { name: "http-below-the-cli", severity: "error", from: { path: layer("http") }, to: { path: cli } },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    // Resolve the workspace packages as tsc does (tsconfig.json's customConditions), to their sources.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["@p3pd/source", "types", "import", "node", "default"] },
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["/generated/", "/dist/", "/node_modules/"] },
  },
};
