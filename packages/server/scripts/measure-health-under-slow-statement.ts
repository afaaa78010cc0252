/**
 * How long `GET /health` takes while the server's own pool runs a 5-second statement
 * (`SELECT pg_sleep(5)`), against the same server idle. Prints medians over rounds.
 *
 *   npx tsx packages/server/scripts/measure-health-under-slow-statement.ts [--rounds 3] [--data-dir <folder>]
 *
 * On the embedded database by default (a new temporary folder, or --data-dir to reuse a loaded
 * one and skip the first start's import); on PostgreSQL with DATABASE_URL.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/database.js";
import { startServer } from "../src/http/start-server.js";
import { silentProgress } from "../src/progress.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, "data-dir": { type: "string" } } });
const rounds = Number(values.rounds);
const sleepSeconds = 5;

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const percentile = (numbers: number[], p: number) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function timeHealth(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/health`);
  await response.arrayBuffer();
  return performance.now() - started;
}

/** /health one request after another until `done` settles (or `count` requests when idle). */
async function pollHealth(url: string, until: { done: Promise<unknown> } | { count: number }): Promise<number[]> {
  const times: number[] = [];
  let finished = false;
  if ("done" in until) void until.done.finally(() => (finished = true));
  while ("done" in until ? !finished : times.length < until.count) times.push(await timeHealth(url));
  return times;
}

const temporary = values["data-dir"] ? undefined : await mkdtemp(path.join(tmpdir(), "p3pd-health-"));
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: values["data-dir"] ?? temporary ?? "" });
const server = await startServer({ database, port: 0, progress: silentProgress });
try {
  const idleP99: number[] = [];
  const busyP99: number[] = [];
  const busyMax: number[] = [];
  const busyCounts: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    idleP99.push(percentile(await pollHealth(server.url, { count: 200 }), 99));
    const sleep = server.prisma.$queryRawUnsafe(`SELECT 1 AS slept FROM pg_sleep(${sleepSeconds})`);
    const busy = await pollHealth(server.url, { done: sleep });
    await sleep;
    busyP99.push(percentile(busy, 99));
    busyMax.push(Math.max(...busy));
    busyCounts.push(busy.length);
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  process.stdout.write(
    [
      `engine: ${database.engine}; ${rounds} rounds; load average ${loadavg().map((load) => load.toFixed(2)).join(" ")}`,
      `/health idle:                        p99 ${ms(median(idleP99))} (median of the rounds' p99)`,
      `/health during SELECT pg_sleep(${sleepSeconds}): p99 ${ms(median(busyP99))}, max ${ms(median(busyMax))}, ${median(busyCounts)} answers in the ${sleepSeconds} s`,
      "",
    ].join("\n"),
  );
} finally {
  await server.close();
  await database.close();
  if (temporary) await rm(temporary, { recursive: true, force: true });
}
