import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node loads its CommonJS entry (as Pothos and Yoga do),
    // while Vite would prefer the ESM one. Two copies of graphql cannot share a schema, so tests
    // load the one Node loads.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    globalSetup: ["packages/server/test/support/global-setup.ts"],
    // Database start-up and the full import dominate; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
