import { createRequire } from "node:module";
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * The export condition under which `@p3pd/sdk` resolves to its TypeScript sources (see its
 * package.json): tests run against the SDK as it is in the tree, with no build, as tsc checks it
 * (tsconfig.json's customConditions). A partner's install, which knows no such condition, gets dist/.
 */
const sdkSourceCondition = "@p3pd/source";

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node loads its CommonJS entry (as Pothos and Yoga do),
    // while Vite would prefer the ESM one. Two copies of graphql cannot share a schema, so tests
    // load the one Node loads.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  // For the modules Vite loads; Vitest also passes these to its workers as `--conditions`.
  ssr: { resolve: { conditions: [sdkSourceCondition, ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    globalSetup: ["packages/server/test/support/global-setup.ts"],
    env: {
      // For the Node processes tests start (the examples through tsx, the CLI), which inherit it.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--conditions=${sdkSourceCondition}`].filter(Boolean).join(" "),
      // Every test process (and every server or CLI it starts, which inherit it) encrypts personal
      // data under this key, so PostgreSQL runs, which require one, and PGlite runs read each other's
      // rows alike. A test-only key: it protects nothing real.
      P3PD_DATA_KEY: "q1dPnN0yXbq9d2Xx0lV8cJ0m3T3Zp6m9i1cK1lF0y2E=",
    },
    setupFiles: ["packages/server/test/support/personal-data-keys.ts"],
    // Database start-up and the full import dominate; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
