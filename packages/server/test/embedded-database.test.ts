import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockFileOf } from "../src/db/data-folder-lock.js";
import { openDatabase, type Database } from "../src/db/database.js";
import { repoRoot } from "../src/paths.js";

const run = promisify(execFile);
const p3pd = path.join(repoRoot, "packages/server/bin/p3pd-dev.js");
/** The user no file here belongs to. */
const nobody = { uid: 65534, gid: 65534 };

/** Tries to open the socket as the given user (or as this one) and says how that went. */
async function connectAs(socketPath: string, user?: { uid: number; gid: number }): Promise<string> {
  const script = `require("node:net").connect(${JSON.stringify(socketPath)}).on("connect", () => { console.log("connected"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); });`;
  const { stdout } = await run(process.execPath, ["-e", script], user ?? {});
  return stdout.trim();
}

describe("the embedded database", () => {
  let dataDir: string;
  let database: Database;
  let socketPath: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-embedded-"));
    database = await openDatabase({ dataDir, command: "the embedded-database test" });
    const url = new URL(database.connectionString);
    socketPath = path.join(url.searchParams.get("host") ?? "", `.s.PGSQL.${url.searchParams.get("port")}`);
  });
  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is served on a Unix socket inside the data folder that only its owner may open, not on a TCP port", async () => {
    const url = new URL(database.connectionString);
    expect(url.searchParams.get("host")).toBe(path.join(dataDir, "socket"));
    expect((await stat(socketPath)).isSocket()).toBe(true);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(socketPath))).mode & 0o777).toBe(0o700);
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    expect((await client.query<{ answer: number }>("SELECT 41 + 1 AS answer")).rows).toEqual([{ answer: 42 }]);
    await client.end();
  });

  it("refuses a client running as another user, whatever credentials it would send", async () => {
    expect(await connectAs(socketPath)).toBe("connected");
    expect(await connectAs(socketPath, nobody)).toBe("EACCES");
  });

  it("a second `p3pd serve` on the same data folder refuses to start, naming the process that has it open", async () => {
    const second = await run(process.execPath, [p3pd, "serve"], { env: { ...process.env, DATABASE_URL: "", P3PD_DATA_DIR: dataDir, PORT: "0" } }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`The data folder ${dataDir} is in use by process ${process.pid} (the embedded-database test, since `);
    expect(second.stderr).toContain(`Stop that process first (kill ${process.pid})`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    // The first owner is untouched.
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await client.end();
  }, 60_000);

  it("takes over a lock left by a process that died", async () => {
    await database.close();
    const dead = spawn(process.execPath, ["-e", ""]);
    const deadPid = dead.pid;
    await new Promise((resolve) => dead.once("exit", resolve));
    await writeFile(lockFileOf(dataDir), JSON.stringify({ pid: deadPid, command: "p3pd serve", startedAt: "2026-01-01T00:00:00.000Z" }));
    database = await openDatabase({ dataDir, command: "the embedded-database test" });
    expect(JSON.parse(await readFile(lockFileOf(dataDir), "utf8"))).toMatchObject({ pid: process.pid, command: "the embedded-database test" });
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await client.end();
  }, 60_000);

  it("closing it removes the lock and the socket", async () => {
    await database.close();
    await expect(stat(lockFileOf(dataDir))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(socketPath)).rejects.toMatchObject({ code: "ENOENT" });
    database = await openDatabase({ dataDir });
  });
});
