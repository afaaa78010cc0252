import { execFile } from "node:child_process";
import { access, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { cacheDir, p3pdBin, repoRoot } from "../paths.js";
import { runCommand } from "../systems/child-process.js";
import { benchDataKey } from "./data-key.js";
import { hashInputs } from "./file-hash.js";
import { postgresVersion, startPostgresCluster, stopPostgresServer } from "./postgres-cluster.js";

const execFileAsync = promisify(execFile);

/** The database every system reads: the benchmark's own, beside the cluster's `postgres`. */
export const benchDatabase = "p3pd";

/** The national demo's cascade once, and the scaled databases' ×10 and ×30 (issue 18). */
export type DemoMultiple = 1 | 10 | 30;

/** What `p3pd seed-demo` is asked for: the issue's national dataset, deterministic, copied `multiple` times over. */
const demoArgsOf = (multiple: DemoMultiple) => ["seed-demo", "--scale", "national", "--seed", "1", ...(multiple > 1 ? ["--multiply", String(multiple)] : [])];

/** A build's folder name: its multiple and the hash of its inputs. */
const buildNameOf = (multiple: DemoMultiple, key: string) => `postgres-national${multiple > 1 ? `-x${multiple}` : ""}-${key}`;
const buildNamePattern = /^postgres-national(?:-x(\d+))?-[0-9a-f]{16}$/;

/** What the built database depends on: the schema's migrations, the tree and demo loaders, their data, the personal-data cipher, the server version. */
const inputFolders = ["prisma/migrations", "packages/server/src/import", "packages/server/src/demo", "packages/server/src/personal-data", "node_modules/idn-area-data/data"];

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The data folder of a stopped PostgreSQL 15 cluster holding the national demo (`multiple` times
 * over), migrated, with the whole tree, vacuumed and analysed. Built once (about 30 s at ×1, a few
 * minutes at ×10, a quarter of an hour at ×30) and kept under bench/.cache/ while nothing it
 * depends on changes; each run starts a copy of it, so writes a run makes never reach the next.
 */
export async function cachedNationalDatabase(log: (message: string) => void, multiple: DemoMultiple = 1): Promise<string> {
  const demoArgs = demoArgsOf(multiple);
  const key = await hashInputs(repoRoot, inputFolders, [await postgresVersion(), demoArgs.join(" ")]);
  const name = buildNameOf(multiple, key);
  const what = multiple > 1 ? `national demo ×${multiple}` : "national demo";
  const dataDir = path.join(cacheDir, name, "data");
  if (await exists(dataDir)) {
    log(`Database: reusing the cached ${what} (bench/.cache/${name}).`);
    return dataDir;
  }
  log(`Database: building the ${what} once (bench/.cache/${name}); later runs reuse it.`);
  const started = performance.now();
  // Loading is not what is measured: no fsync while building.
  const cluster = await startPostgresCluster({ settings: { fsync: "off", synchronous_commit: "off" } });
  try {
    await withClient(cluster.url("postgres"), (client) => client.query(`CREATE DATABASE ${benchDatabase}`));
    // seed-demo migrates and loads the tree first, as `p3pd serve` would.
    await runCommand(process.execPath, [p3pdBin, ...demoArgs], { ...process.env, DATABASE_URL: cluster.url(benchDatabase), P3PD_DATA_KEY: benchDataKey });
    // A bulk-loaded table has no statistics and no visibility map; a production one has both.
    await withClient(cluster.url(benchDatabase), (client) => client.query("VACUUM ANALYZE"));
    await stopPostgresServer(cluster.dataDir);
    await mkdir(cacheDir, { recursive: true });
    await removeOtherBuilds(multiple, name);
    const partial = path.join(cacheDir, `${name}.partial`);
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial);
    await execFileAsync("cp", ["-a", cluster.dataDir, path.join(partial, "data")]);
    // Renamed only once complete: an interrupted build is never taken for a cached one.
    await rename(partial, path.join(cacheDir, name));
  } finally {
    await cluster.stop();
  }
  log(`Database: built the ${what} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  return dataDir;
}

/** Older builds of the same multiple are stale once the inputs change; keep one, they are hundreds of MB to GB each. */
async function removeOtherBuilds(multiple: DemoMultiple, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    const match = buildNamePattern.exec(entry);
    if (match && Number(match[1] ?? 1) === multiple && entry !== keep) await rm(path.join(cacheDir, entry), { recursive: true, force: true });
  }
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
