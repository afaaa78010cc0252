import path from "node:path";
import { benchRoot, repoRoot } from "../paths.js";
import { startServerProcess, type ServerProcess } from "./child-process.js";
import { node22Binary } from "./postgraphile-server.js";

/** The bare HTTP server of http-floor-main.ts over `connectionString`, as one process on a free port. */
export function startHttpFloor(connectionString: string, poolSize: number): Promise<ServerProcess> {
  return startServerProcess({
    label: "HTTP floor",
    command: node22Binary(),
    args: [path.join(benchRoot, "src", "systems", "http-floor-main.ts"), connectionString, String(poolSize)],
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production" },
    ready: /HTTP floor ready: (http:\/\/\S+\/)/,
    timeoutMs: 30_000,
  });
}
