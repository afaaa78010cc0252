import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/http/start-server.js";
import { silentProgress } from "../src/progress.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { unlimitedRates } from "./support/shared-database.js";
import { waitFor } from "./support/wait-for.js";

const adminKey = "slow-statements-admin";

/**
 * A slow statement delays only the requests that need the database at that moment, and a
 * statement that outlives its request's deadline is stopped, on both engines. Each server here
 * runs in this process, as `p3pd serve` runs it, over a database of its own.
 */
describe(`slow statements on ${testEngine}`, () => {
  let fresh: FreshDatabase;
  let server: RunningServer | undefined;
  let side: pg.Client;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    server = await startServer({ database: fresh.database, port: 0, progress: silentProgress, adminKey, http: unlimitedRates });
    side = new pg.Client({ connectionString: fresh.database.connectionString });
    // Stopping a statement on PGlite restarts it, which breaks this connection while it is idle.
    side.on("error", () => {});
    await side.connect();
  }, 180_000);
  afterAll(async () => {
    await side?.end().catch(() => {});
    await server?.close();
    await fresh?.destroy();
  });

  /** Whether the database is running a statement whose text contains `text`, seen from `side` (PostgreSQL only). */
  const runningOnPostgres = async (text: string) => {
    const { rows } = await side.query<{ running: number }>(
      "SELECT count(*)::int AS running FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0",
      [text],
    );
    return rows[0]?.running === 1;
  };

  it("/health answers while a 5-second statement runs on the server's pool", async () => {
    const running = server as RunningServer;
    const order: string[] = [];
    const statement = running.prisma.$queryRawUnsafe("SELECT 1 AS slept FROM pg_sleep(5)").then(() => order.push("statement done"));
    // The statement holds the database when /health is asked: PostgreSQL lists it as running,
    // the embedded database's thread says it is running one.
    await waitFor("the statement to run", async () =>
      testEngine === "postgresql" ? runningOnPostgres("pg_sleep(5)") : fresh.database.runningStatementMs?.() != null,
    );
    const health = await fetch(`${running.url}/health`);
    order.push(`health ${health.status}`);
    await statement;
    expect(order).toEqual(["health 200", "statement done"]);
  }, 60_000);

  it("a statement that outlives the request's deadline is stopped: the request answers EXECUTION_TIMEOUT, nothing is written, the pool goes on serving", async () => {
    await server?.close();
    server = await startServer({ database: fresh.database, port: 0, progress: silentProgress, adminKey, http: { ...unlimitedRates, executionTimeoutMs: 1_000 } });
    const { url } = server;
    await side.query(`
      CREATE FUNCTION sleep_on_slow_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name = 'slow' THEN PERFORM pg_sleep(3600); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER sleep_on_slow_key BEFORE INSERT ON api_key FOR EACH ROW EXECUTE FUNCTION sleep_on_slow_key();`);
    const createKey = async (name: string) => {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: `mutation { createApiKey(input: { role: PARTNER, name: "${name}" }) { __typename } }` }),
      });
      return (await response.json()) as { data?: { createApiKey: { __typename: string } } | null; errors?: { extensions?: { code?: string } }[] };
    };

    const slow = await createKey("slow");
    expect(slow.errors?.map((error) => error.extensions?.code)).toEqual(["EXECUTION_TIMEOUT"]);

    // The same pool answers again without a restart of the server. On PGlite, which runs one
    // statement at a time, any answer at all means the hour-long statement was stopped.
    const after = await waitFor("a write after the timeout to succeed", async () => {
      const answer = await createKey("after the slow one");
      return answer.data?.createApiKey.__typename === "CreateApiKeySuccess" && answer;
    });
    expect(after.data?.createApiKey.__typename).toBe("CreateApiKeySuccess");
    if (testEngine === "postgresql") await waitFor("PostgreSQL to stop the statement", async () => !(await runningOnPostgres("pg_sleep(3600)")));
    // PGlite's restart broke the side connection; a new one sees what was written.
    const reader = new pg.Client({ connectionString: fresh.database.connectionString });
    await reader.connect();
    const { rows } = await reader.query<{ name: string }>("SELECT name FROM api_key ORDER BY name");
    await reader.end();
    expect(rows.map((row) => row.name)).toEqual(["after the slow one"]);
  }, 120_000);
});
