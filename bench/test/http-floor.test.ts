import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../../packages/server/test/support/fresh-database.js";
import { sharedDatabase } from "../../packages/server/test/support/shared-database.js";
import { deepTreeScenario } from "../src/scenarios/deep-tree.js";
import { lookupRegions, lookupScenario } from "../src/scenarios/lookup.js";
import type { ServerProcess } from "../src/systems/child-process.js";
import { startHttpFloor } from "../src/systems/http-floor-server.js";
import { httpFloorClient, type HttpSqlClient } from "../src/systems/http-graphql-client.js";
import { poolSqlClient } from "../src/systems/sql-client.js";
import { sqlDriver } from "./support/scenario-drivers.js";

/**
 * The bench's HTTP floor is a contender like the others: it must answer what the raw SQL answers
 * (the bench aborts on any difference), as its own process over HTTP.
 */
describe(`the bare HTTP floor on ${testEngine}`, () => {
  const shared = sharedDatabase();
  const db = new pg.Pool({ connectionString: shared.connectionString, max: 1 });
  const sql = poolSqlClient(shared.connectionString, 1);
  let floor: ServerProcess;
  let client: HttpSqlClient;
  beforeAll(async () => {
    floor = await startHttpFloor(shared.connectionString, 1);
    client = httpFloorClient(floor.url);
  });
  afterAll(async () => {
    client?.close();
    await floor?.stop();
    await sql.end();
    await db.end();
  });

  it("answers the deep-tree and lookup statements exactly as the raw SQL does", async () => {
    const deepTree = deepTreeScenario(3);
    const expectedTree = await sqlDriver(deepTree, sql).answer();
    expect(expectedTree.stage?.provinces.length).toBeGreaterThan(0);
    expect(await sqlDriver(deepTree, client).answer()).toEqual(expectedTree);

    const lookup = lookupScenario(await lookupRegions(db));
    const expectedLookup = await sqlDriver(lookup, sql).answer();
    expect(expectedLookup.length).toBeGreaterThan(0);
    expect(await sqlDriver(lookup, client).answer()).toEqual(expectedLookup);
  });

  it("answers a statement the database refuses with an error the client reports, and keeps serving", async () => {
    await expect(client.json({ name: "floor-bad", text: "SELECT no_such_column AS json FROM village", values: [] })).rejects.toThrow(/HTTP 500: .*no_such_column/);
    const lookup = lookupScenario(await lookupRegions(db));
    expect(await sqlDriver(lookup, client).answer()).toEqual(await sqlDriver(lookup, sql).answer());
  });
});
