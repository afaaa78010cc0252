import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServeProcess } from "../scripts/serve-process.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

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
    const first = await startServeProcess(env);
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
    expect(await response.json()).toEqual({ data: { provinces: { totalCount: 38 }, regions: { totalCount: 83762 } }, extensions: { rateLimit: expect.any(Object) } });
    expect(await first.stop()).toBe(0);

    const second = await startServeProcess(env);
    expect(second.output()).toContain("Migrations: up to date");
    expect(second.output()).toContain("idn-area-data: already loaded (91,599 rows)");
    expect(second.output()).not.toMatch(/village\s+\S+ 0\/83,762/);
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    process.stderr.write(`Start-up on ${testEngine}: first ${first.seconds.toFixed(1)} s, warm ${second.seconds.toFixed(1)} s\n`);
  }, 180_000);

  it("serves GraphiQL to a browser on GET /graphql", async () => {
    const cli = await startServeProcess(env);
    const page = await fetch(`${cli.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("GraphiQL");
    expect(await cli.stop()).toBe(0);
  }, 180_000);
});
