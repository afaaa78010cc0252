import { execFile } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * A throwaway PostgreSQL 15 cluster on a free loopback port: the TypeScript twin of
 * .ci/postgres.sh, plus pg_stat_statements (how the harness counts SQL statements per request).
 */
const pgBin = "/usr/lib/postgresql/15/bin";
const execFileAsync = promisify(execFile);

export interface PostgresCluster {
  port: number;
  /** The data folder (inside a temporary folder that stop() deletes). */
  dataDir: string;
  /** Connection string for a database as a user; trust authentication, loopback only. */
  url(database: string, user?: string): string;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** A stopped cluster's data folder to copy and start (a cached build), instead of a new initdb. */
  copyOf?: string;
  /** Extra server settings (`-c name=value`). */
  settings?: Record<string, string>;
}

/** initdb and postgres refuse to run as root: as root, run them as the postgres user, who owns the folder. */
async function asPostgresUser(command: string, args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot
    ? await execFileAsync("runuser", ["-u", "postgres", "--", command, ...args])
    : await execFileAsync(command, args);
  return stdout;
}

async function ensurePostgresInstalled(): Promise<void> {
  try {
    await access(path.join(pgBin, "postgres"));
  } catch {
    // As .ci/postgres.sh does: Debian's package is the one source of binaries this machine reaches.
    process.stderr.write("PostgreSQL 15 is not installed: installing Debian's postgresql-15…\n");
    await execFileAsync("apt-get", ["update", "-qq"]);
    await execFileAsync("apt-get", ["install", "-y", "-qq", "postgresql-15"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  await ensurePostgresInstalled();
  const folder = await mkdtemp(path.join(tmpdir(), "p3pd-bench-postgres-"));
  const dataDir = path.join(folder, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await execFileAsync("chown", ["postgres:postgres", folder]);
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  try {
    if (options.copyOf) {
      // -a keeps the postgres user's ownership and the 0700 mode the server insists on.
      await execFileAsync("cp", ["-a", options.copyOf, dataDir]);
    } else {
      await asPostgresUser(path.join(pgBin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    }
    const port = await freePort();
    const settings: Record<string, string> = {
      listen_addresses: "127.0.0.1",
      max_connections: "200",
      shared_preload_libraries: "pg_stat_statements",
      // Statements the clients send, not those run inside functions or triggers.
      "pg_stat_statements.track": "top",
      ...options.settings,
    };
    const serverOptions = [`-p ${port}`, `-k ${folder}`, ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)].join(" ");
    await asPostgresUser(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-l", path.join(folder, "server.log"), "-w", "-o", serverOptions, "start"]);
    return {
      port,
      dataDir,
      url: (database, user = "postgres") => `postgresql://${user}@127.0.0.1:${port}/${database}`,
      stop: async () => {
        await stopPostgresServer(dataDir).catch(() => undefined);
        await removeFolder();
      },
    };
  } catch (error) {
    await removeFolder();
    throw error;
  }
}

/** A clean shutdown, so the data folder can be copied and started again. */
export async function stopPostgresServer(dataDir: string): Promise<void> {
  await asPostgresUser(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
}

/** `postgres --version`, part of the cache key: a data folder only starts on the major version that wrote it. */
export async function postgresVersion(): Promise<string> {
  await ensurePostgresInstalled();
  const { stdout } = await execFileAsync(path.join(pgBin, "postgres"), ["--version"]);
  return stdout.trim();
}
