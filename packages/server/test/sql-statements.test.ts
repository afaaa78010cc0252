import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/db/prisma.js";
import { createTestApi } from "./support/graphql-api.js";
import { sharedDatabase } from "./support/shared-database.js";
import { dataStatements, isRateLimitCharge } from "./support/statements.js";

const statements: string[] = [];
const api = createTestApi(createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) }));
afterAll(() => api.close());

/** Runs a query and returns how many SQL statements fetched its data (besides a rate-limit charge, at most one). */
async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
  statements.length = 0;
  const response = await api.query(query, variables);
  expect(response.errors).toBeUndefined();
  expect(statements.filter(isRateLimitCharge).length).toBeLessThanOrEqual(1);
  return dataStatements(statements).length;
}

const fourLevels = `query ($n: Int!) {
  provinces(first: $n) {
    totalCount
    nodes { code name kabupatens(first: $n) {
      totalCount
      nodes { code kind kecamatans(first: $n) {
        totalCount
        nodes { code villages(first: $n) { totalCount nodes { code name kind } } }
      } }
    } }
  }
}`;

describe("SQL statements per request (no N+1)", () => {
  it("a 4-level nested query costs the same few statements at page sizes 2, 5 and 10", async () => {
    const counts = [];
    for (const n of [2, 5, 10]) counts.push(await statementsFor(fourLevels, { n }));
    // The root page, its count, and one statement per level below: kabupaten, kecamatan, villages.
    expect(counts[0]).toBeLessThanOrEqual(5);
    expect(new Set(counts).size).toBe(1);
  });

  it("the nested query returns what it counted: 10 × 10 × 10 × 10 rows at page size 10", async () => {
    const response = await api.query<{
      provinces: { nodes: { kabupatens: { nodes: { kecamatans: { nodes: { villages: { nodes: unknown[] } }[] } }[] } }[] };
    }>(fourLevels, { n: 10 });
    const villages = response.data?.provinces.nodes.flatMap((p) =>
      p.kabupatens.nodes.flatMap((k) => k.kecamatans.nodes.flatMap((c) => c.villages.nodes)),
    );
    // Some kecamatan have fewer than 10 villages, so the answer is at most 10^4 and well over 10^3.
    expect(villages?.length).toBeGreaterThan(1000);
    expect(villages?.length).toBeLessThanOrEqual(10_000);
  });

  it("a region connection's totalCount costs no statement: the parent row stores it", async () => {
    const withoutTotals = await statementsFor(fourLevels.replace(/totalCount/g, ""), { n: 5 });
    const withTotals = await statementsFor(fourLevels, { n: 5 });
    // The one count left is the root `provinces` connection's (38 rows, no parent to store it on).
    expect(withTotals).toBe(withoutTotals + 1);
    expect(dataStatements(statements).filter((sql) => /\bcount\(/i.test(sql))).toHaveLength(1);
  });

  it("a name search on nested connections counts its matches in one statement per level, not per row", async () => {
    const query = `query ($n: Int!) { provinces(first: $n) { nodes { kabupatens(search: "kota", first: $n) { totalCount nodes {
      kecamatans(search: "a", first: 1) { totalCount } } } } } }`;
    const small = await statementsFor(query, { n: 2 });
    expect(await statementsFor(query, { n: 10 })).toBe(small);
    expect(small).toBe(5);
  });

  it("parents and ancestors of a page of villages are batched, not loaded per row", async () => {
    const query = `query ($n: Int!) { kecamatan(code: "73.71.01") { villages(first: $n) { nodes { code parent { code } ancestors { code name } } } } }`;
    const small = await statementsFor(query, { n: 2 });
    const large = await statementsFor(query, { n: 10 });
    expect(large).toBe(small);
  });

  it("a search across all levels costs one page query and one count per level", async () => {
    expect(await statementsFor('{ regions(search: "makassar", first: 50) { totalCount nodes { code } } }')).toBe(8);
    expect(await statementsFor('{ regions(search: "makassar", level: VILLAGE, first: 50) { totalCount nodes { code } } }')).toBe(2);
  });
});
