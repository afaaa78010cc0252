import { link, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Who has an embedded data folder open. PGlite takes no lock of its own, and two instances on one
 * folder corrupt it, so every process that opens the folder first writes this file (atomically:
 * it fails if the file exists) and removes it when it closes the folder.
 */
export interface DataFolderOwner {
  pid: number;
  /** What the owner runs, e.g. "p3pd serve". */
  command: string;
  startedAt: string;
  /**
   * The folder of the owner's database socket, when it serves the database to other processes
   * of the same user (see embedded-database.ts); those connect to it instead of opening the folder.
   */
  socketDir?: string;
}

export interface DataFolderLock {
  readonly file: string;
  /** Records what the owner serves, for processes that find the lock. */
  publish(details: Pick<DataFolderOwner, "socketDir">): Promise<void>;
  release(): Promise<void>;
}

/** Another live process has the folder open. Its message names the process and what to do. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataFolderOwner,
    lockFile: string,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${owner.pid} (${owner.command}, since ${owner.startedAt}). ` +
        `Stop that process first (kill ${owner.pid}), or give this one another P3PD_DATA_DIR. ` +
        `If no such process runs, delete ${lockFile}.`,
    );
    this.name = "DataFolderLockedError";
  }
}

export const lockFileOf = (dataDir: string) => path.join(dataDir, "p3pd.lock");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseOwner(text: string): DataFolderOwner | null {
  try {
    const owner = JSON.parse(text) as Partial<DataFolderOwner>;
    return typeof owner.pid === "number" && Number.isInteger(owner.pid) && owner.pid > 0 ? (owner as DataFolderOwner) : null;
  } catch {
    return null;
  }
}

/** The live process that has the folder open, or null when none has (no lock, or a stale one). */
export async function liveOwnerOf(dataDir: string): Promise<DataFolderOwner | null> {
  const owner = parseOwner(await readFile(lockFileOf(dataDir), "utf8").catch(() => ""));
  return owner && owner.pid !== process.pid && isAlive(owner.pid) ? owner : null;
}

/** Writes `owner` whole to a file beside `file`, whose name it returns. */
async function writeBeside(file: string, owner: DataFolderOwner): Promise<string> {
  const next = `${file}.${process.pid}`;
  const handle = await open(next, "w", 0o600);
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return next;
}

/**
 * Creates the lock with its content in one step: a hard link fails when its name exists, so the
 * lock file is never there half-written for another process to take for a stale one.
 */
async function createLock(file: string, owner: DataFolderOwner): Promise<boolean> {
  const written = await writeBeside(file, owner);
  try {
    await link(written, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(written, { force: true });
  }
}

/**
 * Moves a lock found stale out of the way. Moving is atomic: of two processes taking it over, one
 * moves it and the other finds it gone. The one that comes second may move the first one's new
 * lock instead, so what was moved is checked, and a live owner's lock is put back.
 */
async function moveStaleLockAside(file: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}`;
  const moved = await rename(file, aside).then(() => true, () => false);
  if (!moved) return;
  const owner = parseOwner(await readFile(aside, "utf8").catch(() => ""));
  if (owner && isAlive(owner.pid)) await link(aside, file).catch(() => {});
  await rm(aside, { force: true });
}

/**
 * Takes the folder for this process, or throws DataFolderLockedError naming the live owner. A lock
 * left by a process that died (its pid no longer runs) is taken over; so is one that is no lock
 * (unreadable or damaged).
 */
export async function lockDataFolder(dataDir: string, command: string): Promise<DataFolderLock> {
  const file = lockFileOf(dataDir);
  let owner: DataFolderOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (;;) {
    if (await createLock(file, owner)) break;
    const found = parseOwner(await readFile(file, "utf8").catch(() => ""));
    if (found && isAlive(found.pid)) throw new DataFolderLockedError(dataDir, found, file);
    await moveStaleLockAside(file);
  }
  return {
    file,
    async publish(details) {
      owner = { ...owner, ...details };
      // Moved into place whole, so a reader never sees half of it.
      await rename(await writeBeside(file, owner), file);
    },
    async release() {
      const current = parseOwner(await readFile(file, "utf8").catch(() => ""));
      if (current?.pid === process.pid) await rm(file, { force: true });
    },
  };
}
