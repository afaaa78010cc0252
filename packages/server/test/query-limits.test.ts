import { getIntrospectionQuery, parse } from "graphql";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/db/prisma.js";
import { measureExecution, measureOperation } from "../src/http/query-cost.js";
import { queryLimits } from "../src/http/query-limits.js";
import { schema } from "../src/schema/index.js";
import { createTestApi, type GraphQLResponse } from "./support/graphql-api.js";
import { sharedDatabase } from "./support/shared-database.js";

const statements: string[] = [];
const api = createTestApi(createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) }));
afterAll(() => api.close());
beforeEach(() => {
  statements.length = 0;
});

/** Asserts the request was refused as QUERY_TOO_COMPLEX with exactly `message`, before any SQL ran. */
async function expectRefused(query: string, message: string, variables?: Record<string, unknown>) {
  const response = await api.query(query, variables);
  expect(response).toEqual({ errors: [expect.objectContaining({ message, extensions: { code: "QUERY_TOO_COMPLEX" } })] });
  expect(statements).toEqual([]);
}

function expectAnswered(response: GraphQLResponse) {
  expect(response.errors).toBeUndefined();
  expect(response.data).toBeTruthy();
}

/** `region(code: "73") { parent { … { code } } }` with `depth` levels of fields in all. */
const parentChain = (depth: number) => `{ region(code: "73") { ${"parent { ".repeat(depth - 2)}code${" }".repeat(depth - 2)} } }`;

/** `count` aliased copies of a field, named a0, a1, … */
const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ")} }`;

const readmeDeepTree = `{
  stage(number: 3) {
    name period startsOn endsOn
    provinces {
      venueCity participantQuota
      province { code name kabupatens(first: 10) { totalCount nodes { code name kind
        kecamatans(first: 10) { totalCount nodes { code name
          villages(first: 10) { totalCount nodes { code name kind } } } } } } }
    }
  }
}`;

describe("queries within the limits", () => {
  it("the README's deep tree query is answered (depth 10, 1,110 nodes)", async () => {
    expect(measureOperation(schema, parse(readmeDeepTree), undefined, {})).toEqual({ depth: 10, aliases: 0, nodes: 1110, reports: 0 });
    const response = await api.query<{ stage: { provinces: { province: { kabupatens: { totalCount: number } } }[] } }>(readmeDeepTree);
    expectAnswered(response);
    expect(response.data?.stage.provinces.length).toBeGreaterThan(0);
    expect(response.data?.stage.provinces[0]?.province.kabupatens.totalCount).toBeGreaterThan(0);
  });

  it("a normal query keeps working", async () => {
    const response = await api.query('{ kecamatan(code: "73.71.01") { name villages(first: 3) { totalCount nodes { code } } } }');
    expect(response).toEqual({
      data: {
        kecamatan: {
          name: "Mariso",
          villages: { totalCount: 9, nodes: [{ code: "73.71.01.1001" }, { code: "73.71.01.1002" }, { code: "73.71.01.1003" }] },
        },
      },
      extensions: { rateLimit: expect.any(Object) },
    });
  });

  it("GraphiQL's introspection query is answered (its type references nest to depth 15)", async () => {
    expect(measureOperation(schema, parse(getIntrospectionQuery()), undefined, {}).depth).toBe(queryLimits.depth);
    expectAnswered(await api.query(getIntrospectionQuery()));
  });

  it("a query at exactly the depth limit, and one at exactly the alias limit, are answered", async () => {
    expectAnswered(await api.query(parentChain(queryLimits.depth)));
    expectAnswered(await api.query(aliased(queryLimits.aliases, "__typename")));
  });

  it("three nested pages of 100, 100 and 48 stay under the node limit (49 would not)", () => {
    // 100 + 100 × 100 + 100 × 100 × 48 = 490,100; with 49 at the bottom, 500,100.
    const cost = measureOperation(
      schema,
      parse("{ provinces(first: 100) { nodes { kabupatens(first: 100) { nodes { kecamatans(first: 48) { totalCount } } } } } }"),
      undefined,
      {},
    );
    expect(cost.nodes).toBe(490_100);
    expect(cost.nodes).toBeLessThanOrEqual(queryLimits.nodes);
  });
});

describe("a query over a limit is refused before any database work", () => {
  it("a depth bomb: a chain of 16 parents", async () => {
    await expectRefused(parentChain(16), "Query depth 16 exceeds the limit of 15.");
  });

  it("an alias bomb of 31 aliased connections", async () => {
    await expectRefused(aliased(31, "provinces(first: 1) { totalCount }"), "Query uses 31 aliases, more than the limit of 30.");
  });

  it("an alias bomb of 1,000 aliases stops at the token limit, before parsing", async () => {
    await expectRefused(aliased(1000, "__typename"), "Query exceeds the limit of 2,000 tokens.");
  });

  it("a 200 KB query (under the body limit) stops at the token limit", async () => {
    const query = `{ ${"__typename ".repeat(20_000)}}`;
    expect(query.length).toBeGreaterThan(200_000);
    await expectRefused(query, "Query exceeds the limit of 2,000 tokens.");
  });

  it("three nested connections of 100 multiply to 1,010,100 nodes", async () => {
    await expectRefused(
      "query ($n: Int) { provinces(first: $n) { nodes { kabupatens(first: $n) { nodes { kecamatans(last: $n) { totalCount } } } } } }",
      "Query may return 1,010,100 nodes, more than the limit of 500,000 (first/last multiplied along nested connections, 20 where neither is given).",
      { n: 100 },
    );
  });

  it("counts a connection without first/last as a page of 20, and a variable's default as execution would", async () => {
    const fiveLevels = `query ($n: Int = 100) { provinces(first: $n) { nodes { kabupatens { nodes { kecamatans { nodes { villages { nodes {
      trainings { totalCount } } } } } } } } } }`;
    await expectRefused(
      fiveLevels,
      "Query may return 16,842,100 nodes, more than the limit of 500,000 (first/last multiplied along nested connections, 20 where neither is given).",
    );
  });

  it("follows fragments and inline fragments", async () => {
    await expectRefused(
      `query { provinces(first: 100) { nodes { ...Kabupatens } } }
       fragment Kabupatens on Province { kabupatens(first: 100) { nodes { ... on Kabupaten { kecamatans(first: 100) { totalCount } } } } }`,
      "Query may return 1,010,100 nodes, more than the limit of 500,000 (first/last multiplied along nested connections, 20 where neither is given).",
    );
  });

  it("measures a fragment once however often it is spread: 2^41 aliases in 41 short fragments", async () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join("\n");
    await expectRefused(
      `query { ...F40 }\nfragment F0 on Query { a: __typename b: __typename }\n${fragments}`,
      "Query uses 2,199,023,255,552 aliases, more than the limit of 30.",
    );
  });

  it("11 aliased coverage roll-ups with distinct filters, over the limit of 10 report roll-ups", async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `c${i}: coverage(regionCode: "73", trainerTarget: ${i}) { villagesReached }`).join(" ");
    await expectRefused(`{ ${fields} }`, `Query may compute 11 coverage roll-ups, more than the limit of ${queryLimits.reports} (each coverage field counts once per object of the connections around it).`);
  });

  it("a coverage field on every object of a connection counts once per object: 38 provinces' coverage is 38 roll-ups", async () => {
    await expectRefused(
      `{ provinces(first: 38) { nodes { coverage { villagesReached } } } }`,
      `Query may compute 38 coverage roll-ups, more than the limit of ${queryLimits.reports} (each coverage field counts once per object of the connections around it).`,
    );
  });

  it("a bad page size is still named as such, not as a cost", async () => {
    const response = await api.query("{ provinces(first: 1000) { nodes { kabupatens(first: 100) { totalCount } } } }");
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(statements).toEqual([]);
  });
});

describe("measuring a document", () => {
  it("ends on fragments that spread each other (which validation would reject)", () => {
    const cyclic = parse(`{ ...A } fragment A on Query { x: __typename ...B } fragment B on Query { ...A }`);
    expect(measureOperation(schema, cyclic, undefined, {})).toEqual({ depth: 1, aliases: 1, nodes: 0, reports: 0 });
  });

  it("counts a coverage roll-up as 1,000 nodes and one report, and ten of them as within the limits", async () => {
    expect(measureOperation(schema, parse(`{ coverage { villagesReached children { villagesReached } } }`), undefined, {})).toEqual({ depth: 3, aliases: 0, nodes: 1000, reports: 1 });
    const fields = Array.from({ length: 10 }, (_, i) => `c${i}: coverage(regionCode: "73.71", trainerTarget: ${i}) { villagesReached }`).join(" ");
    const response = await api.query(`{ ${fields} }`);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.rateLimit).toMatchObject({ cost: 100 });
  });

  it("counts a plain list as one level: stage → provinces → kabupatens(first: 10) is 10 nodes", () => {
    const document = parse("{ stage(number: 3) { provinces { province { kabupatens(first: 10) { totalCount } } } } }");
    expect(measureOperation(schema, document, undefined, {})).toEqual({ depth: 5, aliases: 0, nodes: 10, reports: 0 });
  });

  it("measures an execution once, however many plugins ask, and an execution with other variables afresh", () => {
    const document = parse("query ($n: Int!) { provinces(first: $n) { nodes { code } } }");
    const execution = { schema, document, variableValues: { n: 10 } };
    const cost = measureExecution(execution);
    expect(cost).toEqual({ depth: 3, aliases: 0, nodes: 10, reports: 0 });
    expect(measureExecution(execution)).toBe(cost);
    expect(measureExecution({ ...execution, variableValues: { n: 5 } })).toEqual({ depth: 3, aliases: 0, nodes: 5, reports: 0 });
  });
});
