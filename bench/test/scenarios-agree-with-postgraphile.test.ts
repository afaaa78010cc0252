import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../../packages/server/test/support/fresh-database.js";
import { sharedDatabase } from "../../packages/server/test/support/shared-database.js";
import { deepTreeScenario } from "../src/scenarios/deep-tree.js";
import { lookupRegions, lookupScenario } from "../src/scenarios/lookup.js";
import { firstProvinceCode, pageWalkScenario } from "../src/scenarios/page-walk.js";
import type { ServerProcess } from "../src/systems/child-process.js";
import { httpGraphQLClient, type HttpGraphQLClient } from "../src/systems/http-graphql-client.js";
import { startPostGraphile } from "../src/systems/postgraphile-server.js";
import { ourApi } from "./support/our-api.js";
import { postgraphileDriver } from "./support/scenario-drivers.js";

/**
 * The scenarios PostGraphile can answer (the tree ones; it has no coverage roll-up, and its
 * generated writes would skip our validation) ask it and our server for the same data. PostGraphile
 * 5 runs as in the benchmark, one process on Node 22, over the shared test database: a real
 * PostgreSQL, or PGlite through its socket, which PostGraphile reaches like any PostgreSQL.
 */
const shared = sharedDatabase();
const db = new pg.Pool({ connectionString: shared.connectionString, max: 1 });
const ours = ourApi();
let postgraphile: ServerProcess | undefined;
let client: HttpGraphQLClient;

beforeAll(async () => {
  // PGlite is one session: one connection, as every pool on it has.
  postgraphile = await startPostGraphile(shared.connectionString, Math.min(shared.maxPoolSize, 2));
  client = httpGraphQLClient(postgraphile.url);
});
afterAll(async () => {
  client?.close();
  await postgraphile?.stop();
  await ours.close();
  await db.end();
});

describe(`our server and PostGraphile agree on ${testEngine}`, () => {
  it("deep-tree", async () => {
    const scenario = deepTreeScenario(10);
    const expected = await postgraphileDriver(scenario, client).answer();
    expect(expected.stage?.provinces.length).toBeGreaterThan(0);
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });

  it("page-walk", async () => {
    const scenario = pageWalkScenario(await firstProvinceCode(db));
    const expected = await postgraphileDriver(scenario, client).answer();
    expect(expected.villages.length).toBeGreaterThan(100);
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });

  it("lookup", async () => {
    const scenario = lookupScenario(await lookupRegions(db));
    const expected = await postgraphileDriver(scenario, client).answer();
    expect(expected).toHaveLength(50);
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });
});
