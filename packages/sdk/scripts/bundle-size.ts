/**
 * Measures what the SDK adds to a partner's browser bundle (`npm run size -w @p3pd/sdk`): its own
 * runtime code, bundled from src/index.ts, minified and gzipped. graphql-request and graphql are
 * left out: an app that talks GraphQL has them anyway, and their size is not ours to shrink.
 * Exits with 1 when the size is over the budget, so a change that bloats the SDK is noticed.
 */
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const budgetKb = 10;
const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));

const { outputFiles } = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  // The browser platform fails the build on any node: import, keeping the runtime browser-safe.
  platform: "browser",
  target: "es2022",
  external: ["graphql-request", "graphql"],
  write: false,
});
const [bundle] = outputFiles;
if (!bundle) throw new Error("esbuild produced no output");

const kb = (bytes: number) => (bytes / 1000).toFixed(2);
const gzipped = gzipSync(bundle.contents, { level: 9 }).length;
process.stdout.write(
  `@p3pd/sdk runtime: ${kb(bundle.contents.length)} kB minified, ${kb(gzipped)} kB minified+gzipped ` +
    `(budget ${budgetKb} kB; graphql-request and graphql external)\n`,
);
if (gzipped > budgetKb * 1000) {
  process.stderr.write(`Over budget by ${kb(gzipped - budgetKb * 1000)} kB.\n`);
  process.exitCode = 1;
}
