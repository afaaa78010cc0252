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
    // For the Node processes tests start (the examples through tsx, the CLI), which inherit it.
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--conditions=${sdkSourceCondition}`].filter(Boolean).join(" ") },
    // Database start-up and the full import dominate; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
