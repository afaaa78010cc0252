import { execFile } from "node:child_process";
import { access, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 server binaries live (see .ci/postgres.sh). */
const binDir = "/usr/lib/postgresql/15/bin";

/**
 * A throwaway PostgreSQL 15 cluster that a test owns outright, so it may stop and start it: the
 * flags of `.ci/postgres.sh` (loopback only, trust auth, fsync off) plus the rest of the
 * durability work switched off, as nothing here must survive a crash of the machine.
 */
export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`: the cluster's own database, which the tests use. */
  readonly url: string;
  /**
   * Fast shutdown by default, as an operator's restart does: open sessions are terminated.
   * `immediate` is a crash: every server process exits at once, none finishes what it was doing.
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts the stopped cluster again on the same port. */
  start(): Promise<void>;
  /** Stops the cluster (if running) and deletes its folder. */
  destroy(): Promise<void>;
}

/**
 * initdb and postgres refuse to run as root: as root (CI, this machine) the cluster belongs to
 * the `postgres` user, as anyone else it belongs to them.
 */
const asRoot = process.getuid?.() === 0;

function runPostgresTool(tool: string, args: string[]): Promise<{ stdout: string }> {
  const binary = path.join(binDir, tool);
  return asRoot ? run("runuser", ["-u", "postgres", "--", binary, ...args]) : run(binary, args);
}

/**
 * Cluster folders are named for the process that owns them: /tmp/p3pd-reliability-pg.<pid>.<random>.
 * Under /tmp rather than os.tmpdir(): the server's Unix socket goes in it, and socket paths are
 * limited to about 100 bytes.
 */
const folderPrefix = "p3pd-reliability-pg.";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * A test run killed before its clean-up (Ctrl-C, a timeout) leaves its clusters running, as
 * pg_ctl detaches them: stop and delete those whose owner is gone.
 */
async function stopAbandonedClusters(): Promise<void> {
  for (const name of await readdir("/tmp")) {
    if (!name.startsWith(folderPrefix)) continue;
    const owner = Number(name.slice(folderPrefix.length).split(".")[0]);
    if (!Number.isInteger(owner) || isAlive(owner)) continue;
    const folder = path.join("/tmp", name);
    await runPostgresTool("pg_ctl", ["-D", path.join(folder, "data"), "-m", "immediate", "-w", "stop"]).catch(() => {});
    await rm(folder, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  await access(path.join(binDir, "postgres")).catch(() => {
    throw new Error(`PostgreSQL 15 is not installed (${binDir}/postgres is missing): apt-get install postgresql-15, as .ci/postgres.sh does.`);
  });
  await stopAbandonedClusters();
  const port = await freePort();
  const folder = await mkdtemp(path.join("/tmp", `${folderPrefix}${process.pid}.`));
  const dataDir = path.join(folder, "data");
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  let running = false;
  const start = async () => {
    await runPostgresTool("pg_ctl", ["-D", dataDir, "-l", path.join(folder, "server.log"), "-w", "-o", options, "start"]);
    running = true;
  };
  const stop = async (mode: "fast" | "immediate" = "fast") => {
    await runPostgresTool("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
    running = false;
  };
  const destroy = async () => {
    if (running) await stop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    if (asRoot) await run("chown", ["postgres:postgres", folder]);
    await runPostgresTool("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    await start();
  } catch (error) {
    await destroy();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop, start, destroy };
}
