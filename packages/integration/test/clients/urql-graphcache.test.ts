/**
 * urql with its normalised cache (`@urql/core` and `@urql/exchange-graphcache`), configured with
 * `@p3pd/sdk/urql` as a partner's app configures it, against a live server: graphcache's
 * relayPagination keeps every page of a nodes-only query, and the curated operations write to
 * the cache without the "Invalid key" warning graphcache gives for a type without an `id`.
 */
import { Client, fetchExchange, type OperationResult } from "@urql/core";
import { cacheExchange, type CacheExchangeOpts } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import {
  CoverageDocument,
  CurriculumModulesDocument,
  KabupatenDocument,
  KecamatanDocument,
  ProvinceDocument,
  ProvincesDocument,
  RegionDocument,
  RegionsDocument,
  StageDocument,
  StagesDocument,
  TrainingsDocument,
  VillageDocument,
} from "@p3pd/sdk";
import { connectionResolvers, keys, schema } from "@p3pd/sdk/urql";
import { createApiKey } from "@p3pd/server/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

// Trainings and coverage need a PARTNER key.
let authorization = "";
beforeAll(async () => {
  authorization = `Bearer ${(await createApiKey(api.server.prisma, { role: "PARTNER", name: `urql partner ${process.pid} ${Date.now()}` })).key}`;
});

const sdkCache = (): CacheExchangeOpts => ({ schema, keys, resolvers: connectionResolvers(relayPagination) });

function urqlClient(options: CacheExchangeOpts): Client {
  return new Client({ url: api.graphqlUrl, exchanges: [cacheExchange(options), fetchExchange], preferGetMethod: false, fetchOptions: { headers: { authorization } } });
}

const kecamatanCode = "73.71.01";

describe("urql's graphcache with @p3pd/sdk/urql's schema, keys and connectionResolvers(relayPagination)", () => {
  it("keeps both pages of a nodes-only query: the second page asked after the first's endCursor is read back with the first", async () => {
    const pageSize = 3;
    const expected = (await api.client.kecamatan({ code: kecamatanCode, first: pageSize * 2 })).kecamatan?.villages;
    const client = urqlClient(sdkCache());
    const first = await client.query(KecamatanDocument, { code: kecamatanCode, first: pageSize }).toPromise();
    expect(first.error).toBeUndefined();
    const after = first.data?.kecamatan?.villages.pageInfo.endCursor;
    const second = await client.query(KecamatanDocument, { code: kecamatanCode, first: pageSize, after }).toPromise();
    expect(second.error).toBeUndefined();
    expect(second.data?.kecamatan?.villages.nodes.map((village) => village.code)).toEqual(expected?.nodes.map((village) => village.code));
    expect(second.data?.kecamatan?.villages.pageInfo.hasNextPage).toBe(expected?.pageInfo.hasNextPage);
  });

  it("writes the curated queries a PARTNER key may send with no 'Invalid key' warning; without the SDK's keys graphcache warns", async () => {
    const operations: ((client: Client) => Promise<OperationResult>)[] = [
      (client) => client.query(StagesDocument, {}).toPromise(),
      (client) => client.query(StageDocument, { number: 3 }).toPromise(),
      (client) => client.query(CurriculumModulesDocument, {}).toPromise(),
      (client) => client.query(ProvincesDocument, { first: 5 }).toPromise(),
      (client) => client.query(ProvinceDocument, { code: "73", first: 5 }).toPromise(),
      (client) => client.query(KabupatenDocument, { code: "73.71", first: 5 }).toPromise(),
      (client) => client.query(KecamatanDocument, { code: kecamatanCode, first: 5 }).toPromise(),
      (client) => client.query(VillageDocument, { code: "73.71.01.1001" }).toPromise(),
      (client) => client.query(RegionDocument, { code: "73.71" }).toPromise(),
      (client) => client.query(RegionsDocument, { search: "makassar" }).toPromise(),
      (client) => client.query(TrainingsDocument, { regionCode: "73" }).toPromise(),
      (client) => client.query(CoverageDocument, { regionCode: "73" }).toPromise(),
    ];
    const invalidKeyWarnings = async (options: CacheExchangeOpts): Promise<string[]> => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        const client = urqlClient(options);
        for (const send of operations) expect((await send(client)).error).toBeUndefined();
        return warn.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => line.includes("Invalid key"));
      } finally {
        warn.mockRestore();
      }
    };
    expect(await invalidKeyWarnings(sdkCache())).toEqual([]);
    // Graphcache names each type it could not key (it knows connections, edges and PageInfo by name).
    const bare = await invalidKeyWarnings({ schema, resolvers: connectionResolvers(relayPagination) });
    // Which others it names depends on the data the shared database holds (ModuleScores once a score is recorded).
    expect([...new Set(bare.map((line) => /config for `(\w+)` that always/.exec(line)?.[1]))]).toEqual(expect.arrayContaining(["Coverage", "StageProvince", "VillageKindCoverage"]));
  });
});
