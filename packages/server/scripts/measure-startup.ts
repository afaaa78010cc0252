/**
 * Times `p3pd serve` from launch to "ready" on an empty database (first start: migrate + import
 * the whole tree) and on a loaded one (warm start), several runs each, and prints
 * min / median / max. Warm starts are timed twice per run: from the sources (tsx, as `npm run dev`)
 * and from the build (plain node, as `npm start` in production; run `npm run build` first), and the
 * ratio of their medians is printed. Engine: PGlite, or PostgreSQL when DATABASE_URL names a server
 * (a new database is created on it for each cold run).
 *
 *   npm run build && npm run bench:startup [-- --runs 3]
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { repoRoot } from "../src/paths.js";
import { startServeProcess, type ServeEntry } from "./serve-process.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
const serverUrl = process.env.DATABASE_URL || undefined;
if (!existsSync(path.join(repoRoot, "packages/server/dist/cli.js"))) {
  process.stderr.write("No build to time: run `npm run build` first.\n");
  process.exit(1);
}

/** Seconds from launching `p3pd serve` until it is ready; then stops it. */
async function timeStart(env: NodeJS.ProcessEnv, entry: ServeEntry = "sources"): Promise<number> {
  const serve = await startServeProcess(env, entry);
  await serve.stop();
  return serve.seconds;
}

interface Target {
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

async function emptyTarget(run: number): Promise<Target> {
  if (serverUrl) {
    const name = `p3pd_startup_${process.pid}_${run}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      dispose: async () => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-startup-"));
  return { env: { DATABASE_URL: "", P3PD_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

const medianOf = (seconds: number[]) => [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)] ?? Number.NaN;
const summary = (label: string, seconds: number[]) => {
  const sorted = [...seconds].sort((a, b) => a - b);
  const f = (s: number | undefined) => `${(s ?? Number.NaN).toFixed(2)} s`;
  return `${label.padEnd(20)} min ${f(sorted[0])}  median ${f(medianOf(seconds))}  max ${f(sorted.at(-1))}  (${sorted.length} runs)`;
};

const first: number[] = [];
const warmSources: number[] = [];
const warmBuild: number[] = [];
for (let run = 0; run < runs; run++) {
  const target = await emptyTarget(run);
  try {
    first.push(await timeStart(target.env));
    warmSources.push(await timeStart(target.env, "sources"));
    warmBuild.push(await timeStart(target.env, "build"));
  } finally {
    await target.dispose();
  }
}
process.stdout.write(`Start-up to ready, ${serverUrl ? "PostgreSQL" : "embedded PGlite"}:\n`);
process.stdout.write(`${summary("first start", first)}\n${summary("warm start, sources", warmSources)}\n${summary("warm start, build", warmBuild)}\n`);
process.stdout.write(`build ÷ sources (warm, medians): ${(medianOf(warmBuild) / medianOf(warmSources)).toFixed(2)}\n`);
