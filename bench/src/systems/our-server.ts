import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { p3pdBuiltBin, repoRoot } from "../paths.js";
import { benchDataKey } from "../database/data-key.js";
import { startServerProcess, type ServerProcess } from "./child-process.js";

export type OurDatabase = { kind: "postgresql"; url: string } | { kind: "pglite"; dataDir: string };

/**
 * `p3pd serve` as one process, as a production install runs it (the compiled server with plain
 * node, so the measured server is the shipped one, its Yoga plugins included; see buildServer), on
 * a free port. Every request of ours carries the admin key: it is
 * the bootstrap key of the access rules, whatever a key will be needed for. With `cpuProfDir`, it
 * writes a V8 CPU profile of its whole life there.
 */
const execFileAsync = promisify(execFile);

export function startOurServer(database: OurDatabase, adminKey: string, cpuProfDir?: string): Promise<ServerProcess> {
  // V8 writes the profile when the process exits, which it does on the harness's SIGTERM once drained.
  const profile = cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [];
  return startServerProcess({
    label: "our server",
    command: process.execPath,
    args: [...profile, p3pdBuiltBin, "serve"],
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      P3PD_ADMIN_KEY: adminKey,
      // The load generator sends thousands of requests with one key within minutes: keep the
      // rate limit out of the way (each request still pays for being counted against it).
      P3PD_RATE_LIMIT_POINTS: "1000000000",
      // Empty selects the embedded engine, whatever the caller's environment says.
      DATABASE_URL: database.kind === "postgresql" ? database.url : "",
      P3PD_DATA_DIR: database.kind === "pglite" ? database.dataDir : "",
      // The key the cached database was built with (the embedded one would otherwise make its own).
      P3PD_DATA_KEY: benchDataKey,
    },
    ready: /ready: (http:\/\/\S+\/graphql)/,
    // A fresh embedded database migrates and loads the tree before it is ready.
    timeoutMs: 180_000,
  });
}

/** Brings the compiled server up to date (`npm run build`, incremental), so it runs what the sources say. */
export async function buildServer(): Promise<void> {
  await execFileAsync("npm", ["run", "build", "--silent"], { cwd: repoRoot });
}
