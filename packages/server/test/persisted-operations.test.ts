import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getOperationAST, parse, validate } from "graphql";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "../src/db/prisma.js";
import { measureExecution } from "../src/http/query-cost.js";
import { createGraphQLServer, type GraphQLServerOptions } from "../src/http/yoga.js";
import { schema } from "../src/schema/index.js";
import type { GraphQLResponse } from "./support/graphql-api.js";
import { sharedDatabase, unlimitedRates } from "./support/shared-database.js";

// Measured for real, but a test can make one measure come out over the limits: no curated
// operation can reach them with page sizes the API accepts.
vi.mock("../src/http/query-cost.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/http/query-cost.js")>();
  return { ...original, measureExecution: vi.fn(original.measureExecution) };
});

const statements: string[] = [];
const prisma = createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) });
afterAll(() => prisma.$disconnect());
beforeEach(() => {
  statements.length = 0;
});

/** The manifest the server loads, read here the same way. */
const manifest = new Map(
  Object.entries(
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json"), "utf8")) as Record<string, string>,
  ),
);

/** The manifest's hash and text of the curated operation `name`. */
function persisted(name: string): { sha256Hash: string; text: string } {
  for (const [sha256Hash, text] of manifest) {
    if (getOperationAST(parse(text))?.name?.value === name) return { sha256Hash, text };
  }
  throw new Error(`no curated operation ${name} in the manifest`);
}

const byHash = (sha256Hash: string, variables?: Record<string, unknown>) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash } },
});

function serverWith(options: GraphQLServerOptions = {}) {
  const yoga = createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true }, { ...unlimitedRates, ...options });
  return async (body: object, headers: Record<string, string> = {}) => {
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  };
}

const province = persisted("Province");
const sulawesiSelatan = { code: "73", first: 3 };

describe("the manifest", () => {
  it("keys each operation by the sha256 of its text, and each is valid against the server's schema", () => {
    expect(manifest.size).toBeGreaterThan(0);
    for (const [sha256Hash, text] of manifest) {
      expect(createHash("sha256").update(text).digest("hex")).toBe(sha256Hash);
      expect(validate(schema, parse(text)).map((error) => error.message), text).toEqual([]);
    }
  });
});

describe("a server that allows arbitrary operations (the default)", () => {
  const post = serverWith();

  it("runs a curated operation sent by its hash, with the same answer as its text", async () => {
    const hashed = await post(byHash(province.sha256Hash, sulawesiSelatan));
    const asText = await post({ query: province.text, variables: sulawesiSelatan });
    expect(hashed.status).toBe(200);
    expect(hashed.body.errors).toBeUndefined();
    expect(hashed.body.data).toMatchObject({ province: { code: "73", name: "Sulawesi Selatan", kabupatens: { totalCount: 24 } } });
    expect(hashed.body.data).toEqual(asText.body.data);
  });

  it("refuses a hash it does not know as PERSISTED_QUERY_NOT_FOUND, naming the hash, without SQL", async () => {
    const unknown = "0".repeat(64);
    const { status, body } = await post(byHash(unknown));
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          `No persisted operation has the hash "${unknown}": this server may be older than the client, or has not seen the text yet. ` +
          `Send the document's text in "query" instead (with the hash too, and this server registers it for the caller's next requests).`,
        extensions: { code: "PERSISTED_QUERY_NOT_FOUND" },
      },
    ]);
    expect(statements).toEqual([]);
  });

  it("answers a request with neither text nor hash as a bad request naming both", async () => {
    const { status, body } = await post({ variables: {} });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: 'Must provide a query string in "query" or a persisted operation\'s hash in "extensions.persistedQuery".',
        extensions: { code: "BAD_REQUEST" },
      },
    ]);
  });

  it("still validates a persisted operation's page arguments before any SQL", async () => {
    const { body } = await post(byHash(province.sha256Hash, { code: "73", first: 1000 }));
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } })]);
    expect(body.errors?.[0]?.message).toContain("1000");
    expect(statements).toEqual([]);
  });

  it("still measures a persisted operation against the query limits, and refuses it when over them", async () => {
    const measure = vi.mocked(measureExecution);
    measure.mockClear();
    measure.mockReturnValueOnce({ depth: 6, aliases: 0, nodes: 600_000, reports: 0 });
    const { body } = await post(byHash(province.sha256Hash, sulawesiSelatan));
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: "QUERY_TOO_COMPLEX" } })]);
    expect(body.errors?.[0]?.message).toMatch(/^Query may return 600,000 nodes, more than the limit of 500,000/);
    const measured = measure.mock.calls.map(([args]) => getOperationAST(args.document, args.operationName)?.name?.value);
    expect(measured).toEqual(["Province"]);
    expect(statements).toEqual([]);
  });
});

describe("a server that allows persisted operations only", () => {
  const post = serverWith({ allowArbitraryOperations: () => false });

  it("refuses a document's text as PERSISTED_QUERY_ONLY, saying how to send a hash", async () => {
    const { status, body } = await post({ query: province.text, variables: sulawesiSelatan });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'This caller may send persisted operations only: send the sha256 hash of a curated operation in "extensions": ' +
          '{ "persistedQuery": { "version": 1, "sha256Hash": … } } instead of "query".',
        extensions: { code: "PERSISTED_QUERY_ONLY" },
      },
    ]);
    expect(statements).toEqual([]);
  });

  it("still runs a curated operation sent by its hash", async () => {
    const { status, body } = await post(byHash(province.sha256Hash, sulawesiSelatan));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ province: { name: "Sulawesi Selatan" } });
  });
});

describe("a policy decided per request", () => {
  // What per-key flags will do: here, a header stands in for a key that may send text.
  const post = serverWith({ allowArbitraryOperations: async (request) => request.headers.get("x-may-send-text") === "yes" });

  it("lets the requests it allows send text, and refuses text from the others", async () => {
    const allowed = await post({ query: "{ province(code: \"73\") { name } }" }, { "x-may-send-text": "yes" });
    const refused = await post({ query: "{ province(code: \"73\") { name } }" });
    expect(allowed.body.data).toEqual({ province: { name: "Sulawesi Selatan" } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_ONLY");
  });
});

describe("automatic persisted queries (APQ, as Apollo's persisted-query link sends them)", () => {
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  // Another text each run: the registrations of a server live as long as it does.
  const apqText = (label: string) => `query Apq${label.replace(/\W/g, "")} { province(code: "73") { name } }`;
  // A header stands in for a key limited to persisted operations.
  const post = serverWith({ allowArbitraryOperations: async (request) => request.headers.get("x-persisted-only") !== "yes" });
  const persistedOnly = { "x-persisted-only": "yes" };

  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, runs the text sent with it, and then runs the hash alone", async () => {
    const text = apqText(`register ${Date.now()}`);
    const first = await post(byHash(sha256(text)));
    expect(first.status).toBe(400);
    expect(first.body.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const registering = await post({ query: text, ...byHash(sha256(text)) });
    expect(registering.body.data).toEqual({ province: { name: "Sulawesi Selatan" } });
    const later = await post(byHash(sha256(text)));
    expect(later.status).toBe(200);
    expect(later.body.errors).toBeUndefined();
    expect(later.body.data).toEqual({ province: { name: "Sulawesi Selatan" } });
  });

  it("refuses a text sent with a hash that is not its sha256 as PERSISTED_QUERY_HASH_MISMATCH, registering nothing, without SQL", async () => {
    const text = apqText(`mismatch ${Date.now()}`);
    const wrongHash = sha256(`${text} `);
    const { status, body } = await post({ query: text, ...byHash(wrongHash) });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: `The hash "${wrongHash}" in "extensions.persistedQuery" is not the sha256 of the text in "query".`,
        extensions: { code: "PERSISTED_QUERY_HASH_MISMATCH" },
      },
    ]);
    expect(statements).toEqual([]);
    expect((await post(byHash(wrongHash))).body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("does not let a caller limited to persisted operations register a text, nor run one another caller registered", async () => {
    const text = apqText(`persisted only ${Date.now()}`);
    const refused = await post({ query: text, ...byHash(sha256(text)) }, persistedOnly);
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_ONLY"]);
    // Not registered: a caller that may send text does not find it either.
    expect((await post(byHash(sha256(text)))).body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");

    await post({ query: text, ...byHash(sha256(text)) });
    expect((await post(byHash(sha256(text)))).body.data).toEqual({ province: { name: "Sulawesi Selatan" } });
    const byLimitedCaller = await post(byHash(sha256(text)), persistedOnly);
    expect(byLimitedCaller.body.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    // The curated operations stay open to it.
    expect((await post(byHash(province.sha256Hash, sulawesiSelatan), persistedOnly)).body.data).toMatchObject({ province: { name: "Sulawesi Selatan" } });
  });
});
