import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

interface StartedCli {
  process: ChildProcess;
  url: string;
  output: () => string;
  seconds: number;
}

/** Runs `p3pd serve` as a user would, and resolves once it prints that it is ready. */
function startCli(env: NodeJS.ProcessEnv): Promise<StartedCli> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(repoRoot, "packages/server/bin/p3pd.js"), "serve"], {
    env: { ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready: (http:\/\/\S+)\/graphql/.exec(output);
      if (ready?.[1]) resolve({ process: child, url: ready[1], output: () => output, seconds: (Date.now() - started) / 1000 });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`p3pd serve exited with ${code} before it was ready:\n${output}`)));
  });
}

function stopCli(cli: StartedCli): Promise<number | null> {
  return new Promise((resolve) => {
    cli.process.removeAllListeners("exit");
    cli.process.once("exit", (code) => resolve(code));
    cli.process.kill("SIGTERM");
  });
}

describe(`npm start on an empty ${testEngine} database`, () => {
  let fresh: FreshDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (testEngine === "postgresql") {
      fresh = await createFreshDatabase();
      env = { DATABASE_URL: fresh.database.connectionString };
    } else {
      dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-start-"));
      env = { DATABASE_URL: "", P3PD_DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await fresh?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates, imports with visible progress, then serves data; a second start skips the import", async () => {
    const first = await startCli(env);
    expect(first.output()).toMatch(/Applied migrations: \d{14}_init/);
    expect(first.output()).toMatch(/village\s+\S+ 83,762\/83,762/);
    expect(first.output()).toContain("idn-area-data: loaded (91,599 rows)");

    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    const response = await fetch(`${first.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ provinces { totalCount } regions(level: VILLAGE) { totalCount } }" }),
    });
    expect(await response.json()).toEqual({ data: { provinces: { totalCount: 38 }, regions: { totalCount: 83762 } } });
    expect(await stopCli(first)).toBe(0);

    const second = await startCli(env);
    expect(second.output()).toContain("Migrations: up to date");
    expect(second.output()).toContain("idn-area-data: already loaded (91,599 rows)");
    expect(second.output()).not.toMatch(/village\s+\S+ 0\/83,762/);
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect(await stopCli(second)).toBe(0);
    process.stderr.write(`Start-up on ${testEngine}: first ${first.seconds.toFixed(1)} s, warm ${second.seconds.toFixed(1)} s\n`);
  }, 180_000);

  it("serves GraphiQL to a browser on GET /graphql", async () => {
    const cli = await startCli(env);
    const page = await fetch(`${cli.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("GraphiQL");
    expect(await stopCli(cli)).toBe(0);
  }, 180_000);
});
