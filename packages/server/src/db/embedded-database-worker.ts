import { chmod, mkdir, rm } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * The embedded database's own thread: PGlite and the socket server that speaks the PostgreSQL
 * protocol for it. PGlite runs a statement synchronously, holding its thread for as long as the
 * statement takes; here that thread is not the one answering HTTP requests. Started by
 * embedded-database.ts, which is the only module that talks to it.
 */
export interface EmbeddedWorkerData {
  /** PGlite's data folder. */
  folder: string;
  /** Where the socket server listens; its folder is the owner's alone. */
  socketPath: string;
  maxConnections: number;
  /** One BigInt64: when the statement PGlite is running started (ms since the epoch), 0 when idle. */
  busySince: SharedArrayBuffer;
}

export type EmbeddedWorkerMessage = { type: "ready" } | { type: "failed"; message: string } | { type: "closed" };
export type EmbeddedHostMessage = { type: "close" };

const data = workerData as EmbeddedWorkerData;
const busySince = new BigInt64Array(data.busySince);

/** Marks each protocol message PGlite runs, so the host can see a statement that runs too long. */
class BusyMarkingPGlite extends PGlite {
  override async execProtocolRawStream(...args: Parameters<PGlite["execProtocolRawStream"]>): Promise<void> {
    Atomics.store(busySince, 0, BigInt(Date.now()));
    try {
      return await super.execProtocolRawStream(...args);
    } finally {
      Atomics.store(busySince, 0, 0n);
    }
  }
}

const post = (message: EmbeddedWorkerMessage) => parentPort?.postMessage(message);

async function serve(): Promise<() => Promise<void>> {
  await mkdir(data.folder, { recursive: true, mode: 0o700 });
  const pglite = new BusyMarkingPGlite(data.folder);
  await pglite.waitReady;
  // A socket left by a thread that was stopped is this owner's (it holds the folder's lock).
  await rm(data.socketPath, { force: true });
  const socketServer = new PGLiteSocketServer({ db: pglite, path: data.socketPath, maxConnections: data.maxConnections });
  await socketServer.start();
  // Connecting to a Unix socket needs write permission on it: only its owner has that. Its
  // folder is owner-only as well, so no other user can even find it.
  await chmod(data.socketPath, 0o600);
  return async () => {
    await socketServer.stop();
    await pglite.close();
  };
}

serve().then(
  (close) => {
    parentPort?.on("message", (message: EmbeddedHostMessage) => {
      if (message.type !== "close") return;
      void close().then(() => {
        post({ type: "closed" });
        parentPort?.close();
      });
    });
    post({ type: "ready" });
  },
  (error: unknown) => post({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
