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

/** What `p3pd seed-demo` is asked for: the national dataset, deterministic. */
const demoArgs = ["seed-demo", "--scale", "national", "--seed", "1"];

/** What the built database depends on: the schema's migrations, the tree and demo loaders, their data, the personal-data cipher, the server version. */
const inputFolders = ["prisma/migrations", "packages/server/src/import", "packages/server/src/demo", "packages/server/src/personal-data", "node_modules/idn-area-data/data"];

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The data folder of a stopped PostgreSQL 15 cluster holding the national demo, migrated, with
 * the whole tree, vacuumed and analysed. Built once (a few minutes) and kept under
 * bench/.cache/ while nothing it depends on changes; each run starts a copy of it, so writes a
 * run makes never reach the next.
 */
export async function cachedNationalDatabase(log: (message: string) => void): Promise<string> {
  const key = await hashInputs(repoRoot, inputFolders, [await postgresVersion(), demoArgs.join(" ")]);
  const name = `postgres-national-${key}`;
  const dataDir = path.join(cacheDir, name, "data");
  if (await exists(dataDir)) {
    log(`Database: reusing the cached national demo (bench/.cache/${name}).`);
    return dataDir;
  }
  log(`Database: building the national demo once (bench/.cache/${name}); later runs reuse it.`);
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
    await removeOtherBuilds(name);
    const partial = path.join(cacheDir, `${name}.partial`);
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial);
    await execFileAsync("cp", ["-a", cluster.dataDir, path.join(partial, "data")]);
    // Renamed only once complete: an interrupted build is never taken for a cached one.
    await rename(partial, path.join(cacheDir, name));
  } finally {
    await cluster.stop();
  }
  log(`Database: built in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  return dataDir;
}

/** Older builds are stale once the inputs change; keep one, they are a few hundred MB each. */
async function removeOtherBuilds(keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    if (entry.startsWith("postgres-national-") && entry !== keep) await rm(path.join(cacheDir, entry), { recursive: true, force: true });
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
