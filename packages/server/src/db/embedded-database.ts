import { chmod, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { lockDataFolder } from "./data-folder-lock.js";
import type { EmbeddedHostMessage, EmbeddedWorkerData, EmbeddedWorkerMessage } from "./embedded-database-worker.js";

/**
 * PGlite on a thread of its own (embedded-database-worker.ts), served over a Unix socket that only
 * this user may open, inside the data folder, which this process locks for as long as it has it
 * open. Everything else reaches it like any PostgreSQL server: through the connection string.
 */
export interface EmbeddedDatabase {
  readonly connectionString: string;
  readonly socketDir: string;
  /**
   * From now on a statement that runs longer than this is stopped. PGlite has no timers while a
   * statement runs (PostgreSQL's statement_timeout never fires in it) and cannot be interrupted,
   * so the only way to stop one is to stop its thread: the database is restarted on the same
   * folder, and every connection open at that moment breaks (they were all waiting for that one
   * statement, as PGlite runs one at a time). Undefined: no limit.
   */
  limitStatements(timeoutMs: number | undefined): void;
  /**
   * Whether its thread is up and serving. Asking PGlite itself would wait behind whatever
   * statement it is running (it runs one at a time); with the limit above, none runs for long.
   */
  isServing(): boolean;
  /** How long the statement it is running has been running, in ms; null when it runs none. */
  runningStatementMs(): number | null;
  close(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The data folder (P3PD_DATA_DIR): the lock and the socket live here, PGlite's files under pglite/. */
  dataDir: string;
  maxConnections: number;
  /** What this process runs, for the lock's error message to others. */
  command: string;
  log?: (message: string) => void;
}

/** PostgreSQL's name for a socket file; `pg` builds it from the socket folder and the port. */
const socketPort = 5432;
/** The longest path Linux accepts for a Unix socket (sun_path is 108 bytes with its NUL). */
const maxSocketPathBytes = 107;
/** How often the host looks at whether a statement has run too long. */
const watchIntervalMs = 100;

const require = createRequire(import.meta.url);

/**
 * The worker's module sits beside this one. Compiled, both are JavaScript; run from the sources
 * (tsx, vitest), the worker is TypeScript too, and a worker thread does not inherit the loader
 * hooks of the thread that starts it, so it gets tsx's explicitly.
 */
function workerModule(): { url: URL; execArgv: string[] } {
  const extension = path.extname(new URL(import.meta.url).pathname);
  const url = new URL(`./embedded-database-worker${extension}`, import.meta.url);
  return { url, execArgv: extension === ".ts" ? ["--import", pathToFileURL(require.resolve("tsx/esm")).href] : [] };
}

export class SocketPathTooLongError extends Error {
  constructor(socketPath: string) {
    super(`The embedded database's socket path ${socketPath} is longer than the ${maxSocketPathBytes} bytes a Unix socket allows: choose a shorter P3PD_DATA_DIR.`);
    this.name = "SocketPathTooLongError";
  }
}

/** The connection string for a PGlite served at `socketDir` by this module (here or in another process). */
export function embeddedConnectionString(socketDir: string): string {
  const url = new URL("postgresql://postgres@localhost/postgres");
  url.searchParams.set("host", socketDir);
  url.searchParams.set("port", String(socketPort));
  return url.toString();
}

export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, log = () => {} } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const socketDir = path.join(dataDir, "socket");
  const socketPath = path.join(socketDir, `.s.PGSQL.${socketPort}`);
  if (Buffer.byteLength(socketPath) > maxSocketPathBytes) throw new SocketPathTooLongError(socketPath);
  const lock = await lockDataFolder(dataDir, options.command);
  const busySince = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
  const workerData: EmbeddedWorkerData = { folder: path.join(dataDir, "pglite"), socketPath, maxConnections: options.maxConnections, busySince };
  const busy = new BigInt64Array(busySince);

  let worker: Worker;
  let closing = false;
  let restarting: Promise<void> | undefined;
  let statementTimeoutMs: number | undefined;

  const start = async () => {
    await mkdir(socketDir, { recursive: true, mode: 0o700 });
    // A folder that existed before keeps its mode through mkdir: it must be the owner's alone.
    await chmod(socketDir, 0o700);
    const { url, execArgv } = workerModule();
    const started = new Worker(url, { workerData, execArgv });
    await new Promise<void>((resolve, reject) => {
      started.once("message", (message: EmbeddedWorkerMessage) => {
        if (message.type === "ready") resolve();
        else reject(new Error(message.type === "failed" ? message.message : `Unexpected message from the embedded database: ${message.type}`));
      });
      started.once("error", reject);
      started.once("exit", (code) => reject(new Error(`The embedded database's thread stopped while starting (exit code ${code})`)));
    }).catch(async (error: unknown) => {
      await started.terminate();
      throw error;
    });
    started.removeAllListeners();
    // A thread that dies on its own (PGlite aborts on some corruptions) is started again.
    started.once("exit", () => {
      if (!closing && worker === started) restart(`The embedded database's thread stopped unexpectedly; restarting it.`);
    });
    started.on("error", (error: Error) => log(`Embedded database: ${error.message}`));
    worker = started;
  };

  const restart = (reason: string) => {
    if (restarting) return;
    log(reason);
    restarting = (async () => {
      await worker.terminate();
      Atomics.store(busy, 0, 0n);
      if (!closing) await start();
    })()
      .catch((error: unknown) => log(`The embedded database did not restart: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (restarting = undefined));
  };

  try {
    await start();
    await lock.publish({ socketDir });
  } catch (error) {
    await lock.release();
    throw error;
  }

  const watch = setInterval(() => {
    const since = Number(Atomics.load(busy, 0));
    if (statementTimeoutMs === undefined || since === 0 || Date.now() - since <= statementTimeoutMs) return;
    restart(`A statement ran longer than ${statementTimeoutMs} ms; stopping it by restarting the embedded database.`);
  }, watchIntervalMs);
  watch.unref();

  return {
    connectionString: embeddedConnectionString(socketDir),
    socketDir,
    limitStatements(timeoutMs) {
      statementTimeoutMs = timeoutMs;
    },
    isServing: () => !closing && !restarting,
    runningStatementMs() {
      const since = Number(Atomics.load(busy, 0));
      return since === 0 ? null : Date.now() - since;
    },
    async close() {
      closing = true;
      clearInterval(watch);
      await restarting;
      const current = worker;
      const closed = new Promise<void>((resolve) => {
        current.once("message", (message: EmbeddedWorkerMessage) => message.type === "closed" && resolve());
        current.once("exit", () => resolve());
      });
      current.postMessage({ type: "close" } satisfies EmbeddedHostMessage);
      await closed;
      await current.terminate();
      await lock.release();
    },
  };
}
