import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../../packages/server/test/support/fresh-database.js";
import { sharedDatabase } from "../../packages/server/test/support/shared-database.js";
import { deepTreeScenario } from "../src/scenarios/deep-tree.js";
import { lookupRegions, lookupScenario } from "../src/scenarios/lookup.js";
import type { ServerProcess } from "../src/systems/child-process.js";
import { startHttpFloor } from "../src/systems/http-floor-server.js";
import { httpFloorClient, type HttpSqlClient } from "../src/systems/http-graphql-client.js";
import { ourApi } from "./support/our-api.js";
import { sqlDriver } from "./support/scenario-drivers.js";

/**
 * The bench's HTTP floor is a contender like the others: it must answer what our server answers
 * (the bench aborts on any difference), as its own process over HTTP. It is compared with our
 * server rather than with a raw-SQL pool of its own: on the embedded engine every connection
 * shares one session, where the other bench tests' pools prepare the same statement names.
 */
describe(`the bare HTTP floor on ${testEngine}`, () => {
  const shared = sharedDatabase();
  const db = new pg.Pool({ connectionString: shared.connectionString, max: 1 });
  const ours = ourApi();
  let floor: ServerProcess;
  let client: HttpSqlClient;
  beforeAll(async () => {
    floor = await startHttpFloor(shared.connectionString, 1);
    client = httpFloorClient(floor.url);
  });
  afterAll(async () => {
    client?.close();
    await floor?.stop();
    await ours.close();
    await db.end();
  });

  it("answers the deep-tree and lookup statements with exactly our server's data", async () => {
    const deepTree = deepTreeScenario(3);
    const expectedTree = await deepTree.ours(ours).answer();
    expect(expectedTree.stage?.provinces.length).toBeGreaterThan(0);
    expect(await sqlDriver(deepTree, client).answer()).toEqual(expectedTree);

    const lookup = lookupScenario(await lookupRegions(db));
    const expectedLookup = await lookup.ours(ours).answer();
    expect(expectedLookup.length).toBeGreaterThan(0);
    expect(await sqlDriver(lookup, client).answer()).toEqual(expectedLookup);
  });

  it("answers a statement the database refuses with an error the client reports, and keeps serving", async () => {
    await expect(client.json({ name: "floor-bad", text: "SELECT no_such_column AS json FROM village", values: [] })).rejects.toThrow(/HTTP 500: .*no_such_column/);
    const lookup = lookupScenario(await lookupRegions(db));
    expect(await sqlDriver(lookup, client).answer()).toEqual(await lookup.ours(ours).answer());
  });
});
