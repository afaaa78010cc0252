import { afterAll, describe, expect, it } from "vitest";
import { createTestApi } from "./support/graphql-api.js";

const api = createTestApi();
afterAll(() => api.close());

/** Asserts the response is one BAD_USER_INPUT error whose message mentions `mentions`, and no data leaked. */
async function expectBadUserInput(query: string, variables: Record<string, unknown>, mentions: RegExp) {
  const response = await api.query(query, variables);
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors ?? [];
  expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
  expect(error?.message).toMatch(mentions);
  expect(JSON.stringify(response)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
}

describe("a well-formed code that names no region", () => {
  it.each([
    ["province", "99"],
    ["kabupaten", "73.99"],
    ["kecamatan", "73.71.99"],
    ["village", "73.71.01.9999"],
    ["region", "73.71.01.9999"],
  ])("%s(code: %s) answers null without an error", async (field, code) => {
    const response = await api.query(`query ($code: String!) { ${field}(code: $code) { code } }`, { code });
    expect(response).toEqual({ data: { [field]: null }, extensions: { rateLimit: expect.any(Object) } });
  });
});

describe("a malformed code", () => {
  it.each([
    ["province", "7x", /"7x" is not a province code.*"73"/],
    ["province", "73.71", /not a province code/],
    ["kabupaten", "7x.1", /"7x\.1" is not a kabupaten code.*"73\.71"/],
    ["kecamatan", "73.71", /not a kecamatan code.*"73\.71\.01"/],
    ["village", "73.71.01.001", /not a village code.*"73\.71\.01\.1001"/],
    ["region", "73-71", /"73-71" is not a region code/],
    ["region", "", /is not a region code/],
  ])("%s(code: %j) is BAD_USER_INPUT saying the expected shape", async (field, code, message) => {
    await expectBadUserInput(`query ($code: String!) { ${field}(code: $code) { code } }`, { code }, message);
  });
});

describe("page sizes outside 1..100", () => {
  const connections = [
    ["provinces", "query ($first: Int, $last: Int) { provinces(first: $first, last: $last) { totalCount } }"],
    ["regions", "query ($first: Int, $last: Int) { regions(first: $first, last: $last) { totalCount } }"],
    [
      "Province.kabupatens",
      'query ($first: Int, $last: Int) { province(code: "73") { kabupatens(first: $first, last: $last) { totalCount } } }',
    ],
    [
      "Kecamatan.villages",
      'query ($first: Int, $last: Int) { kecamatan(code: "73.71.01") { villages(first: $first, last: $last) { nodes { code } } } }',
    ],
  ] as const;

  for (const [name, query] of connections) {
    it.each([
      ["first", 0],
      ["first", 101],
      ["first", -5],
      ["last", 0],
      ["last", 1000],
    ])(`${name}(%s: %i) is BAD_USER_INPUT naming the limits`, async (argument, size) => {
      await expectBadUserInput(query, { [argument]: size }, new RegExp(`"${argument}" must be between 1 and 100, got ${size}`));
    });
  }

  it("accepts the bounds themselves", async () => {
    const response = await api.query<{ provinces: { nodes: unknown[] }; regions: { nodes: unknown[] } }>(
      "{ provinces(first: 1) { nodes { code } } regions(last: 100) { nodes { code } } }",
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.provinces.nodes).toHaveLength(1);
    expect(response.data?.regions.nodes).toHaveLength(100);
  });
});

describe("cursors this API did not issue", () => {
  const notOurs = ["garbage", "", Buffer.from("GPC:N:5").toString("base64"), Buffer.from("offset:3").toString("base64")];
  it.each(notOurs)("provinces(after: %j) is BAD_USER_INPUT", async (cursor) => {
    await expectBadUserInput("query ($after: String) { provinces(after: $after) { totalCount } }", { after: cursor }, /not a cursor issued by this API/);
  });
  it.each(notOurs)("regions(before: %j) is BAD_USER_INPUT", async (cursor) => {
    await expectBadUserInput("query ($before: String) { regions(before: $before) { totalCount } }", { before: cursor }, /not a cursor issued by this API/);
  });
  it("a nested connection rejects one too", async () => {
    await expectBadUserInput(
      'query ($after: String) { kabupaten(code: "73.71") { kecamatans(after: $after) { totalCount } } }',
      { after: "bm90LWEtY3Vyc29y" },
      /not a cursor issued by this API/,
    );
  });
});

describe("global IDs", () => {
  it.each(["not-an-id", Buffer.from("Nothing:73").toString("base64")])("node(id: %j) is BAD_USER_INPUT", async (id) => {
    const response = await api.query("query ($id: ID!) { node(id: $id) { id } }", { id });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a well-formed ID of a region that does not exist gives null", async () => {
    const id = Buffer.from("Province:99").toString("base64");
    expect(await api.query("query ($id: ID!) { node(id: $id) { id } }", { id })).toEqual({ data: { node: null }, extensions: { rateLimit: expect.any(Object) } });
  });
});

describe("dates and other scalars", () => {
  it("an unknown field is a validation error, never a stack trace", async () => {
    const response = await api.query("{ province(code: \"73\") { nmae } }");
    expect(response.errors?.[0]?.message).toMatch(/Cannot query field "nmae"/);
    expect(response.data).toBeUndefined();
  });
});

describe("a variable that does not coerce to its declared type", () => {
  const coverageFrom = 'query ($from: Date) { province(code: "73") { coverage(from: $from) { certifiedTrainers } } }';
  const trainingInput = (startsOn: string) => ({ level: "KECAMATAN_TRAINING", regionCode: "73.71", title: "Variable check", startsOn });

  it.each([
    ["a day after 2199", "2300-01-01", /"\$from".*from 1900-01-01 to 2199-12-31, got "2300-01-01"/],
    ["a day that does not exist", "2024-02-30", /"\$from".*"2024-02-30", which is no calendar day/],
    ["a date with a time", "2024-06-18T00:00:00Z", /"\$from".*Expected a date like "2024-06-18"/],
  ])("a Date variable holding %s is BAD_USER_INPUT in the Date scalar's own words", async (_, from, message) => {
    await expectBadUserInput(coverageFrom, { from }, message);
  });

  it("a Date inside an input-object variable is BAD_USER_INPUT naming its field and the range, and creates nothing", async () => {
    await expectBadUserInput(
      "mutation ($input: CreateTrainingInput!) { createTraining(input: $input) { __typename } }",
      { input: trainingInput("1899-12-31") },
      /"\$input".*startsOn.*from 1900-01-01 to 2199-12-31/,
    );
    expect(await api.prisma.training.count({ where: { title: "Variable check" } })).toBe(0);
  });

  it.each([
    ["an Int given text", 'query ($first: Int) { provinces(first: $first) { totalCount } }', { first: "ten" }, /"\$first".*Int cannot represent non-integer value: "ten"/],
    ["an enum given an unknown value", "query ($level: RegionLevel) { regions(level: $level, first: 1) { totalCount } }", { level: "STATE" }, /"\$level".*Value "STATE" does not exist in "RegionLevel" enum/],
    ["a required variable left out", 'query ($code: String!) { province(code: $code) { name } }', {}, /"\$code" of required type "String!" was not provided/],
  ])("%s is BAD_USER_INPUT in graphql-js' words", async (_, query, variables, message) => {
    await expectBadUserInput(query, variables, message);
  });
});
