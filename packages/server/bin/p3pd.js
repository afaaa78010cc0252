#!/usr/bin/env node
// The `p3pd` command: runs the compiled CLI (dist/, made by `npm run build`) with plain node, so a
// production install needs neither tsx nor TypeScript. Development uses bin/p3pd-dev.js instead.
import { existsSync } from "node:fs";

const compiledCli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(compiledCli)) {
  console.error("p3pd: the server is not built (no packages/server/dist/cli.js): run `npm run build` first, or `npm run dev` to run the sources.");
  process.exit(1);
}
await import(compiledCli.href);
