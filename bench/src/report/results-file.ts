import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { BenchConfig } from "../config.js";
import { repoRoot, resultsDir } from "../paths.js";
import type { ScenarioReport } from "./results.js";
import type { TargetVerdict } from "./targets.js";

const execFileAsync = promisify(execFile);

export interface Environment {
  node: string;
  postgraphileNode: string;
  postgres: string;
  postgraphile: string;
  commit: string;
  /** Uncommitted changes in the work tree when it ran. */
  dirty: boolean;
  cpu: string;
  cores: number;
  memoryGiB: number;
}

async function git(args: string[]): Promise<string> {
  try {
    return (await execFileAsync("git", args, { cwd: repoRoot })).stdout.trim();
  } catch {
    return "unknown";
  }
}

export async function describeEnvironment(versions: { postgraphileNode: string; postgres: string; postgraphile: string }): Promise<Environment> {
  return {
    node: process.version,
    ...versions,
    commit: await git(["rev-parse", "HEAD"]),
    dirty: (await git(["status", "--porcelain"])) !== "",
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

/** How the figures were taken, kept beside them so a reader of the JSON need not read the code. */
const method = {
  latency: "concurrency 1, one operation after another; p50/p95/p99 by nearest rank over the run's operations",
  throughput: "concurrency 8, closed loop (each worker sends its next operation when the previous one answered); operations / wall time",
  runs: "warm-up first; runs alternate between systems, rotating who goes first; min / median / max over runs; targets judged on medians",
  ratios: "computed run by run from figures of the same run, then min / median / max",
  statements:
    "pg_stat_statements (track = top) in the same PostgreSQL, each system logged in as its own role; all its statements during a few sequential operations, BEGIN/COMMIT included, divided by their number",
  memory: "the server process's VmHWM (peak resident set) from /proc, read after each scenario, so it is the peak over the process's life so far",
  client: `the harness (Node ${process.versions.node}, node:http with kept-alive sockets; pg for the SQL floor) parses every answer as JSON, for every system alike`,
  httpFloor:
    "a bare node:http server (bench/src/systems/http-floor-main.ts) that parses the request body, runs the raw-SQL floor's statement through a pg pool as a prepared statement and writes PostgreSQL's JSON back unparsed: the least any HTTP API over this database does",
};

/** Writes bench/results/<date>.json (a second run the same day replaces it) and returns its path. */
export async function writeResults(
  config: BenchConfig,
  environment: Environment,
  scenarios: ScenarioReport[],
  targets: TargetVerdict[],
  startedAt: Date,
): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().slice(0, 10)}.json`);
  const finishedAt = new Date();
  const document = { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), environment, config, method, targets, scenarios };
  // Three decimals: a microsecond of latency, well below the noise; the file stays readable in a diff.
  const rounded = (_key: string, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
  await writeFile(file, `${JSON.stringify(document, rounded, 2)}\n`);
  return file;
}
