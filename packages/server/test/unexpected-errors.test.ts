import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { createHttpEdge } from "../src/http/edge.js";
import type { ServerStatus } from "../src/http/health.js";
import { createGraphQLServer, type GraphQLServerOptions } from "../src/http/yoga.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { captureLog } from "./support/log-capture.js";
import { sharedPrisma, testAdminKey, unlimitedRates } from "./support/shared-database.js";

/**
 * Every way an unexpected failure can meet a request outside GraphQL's own error handling — in a
 * request hook (authentication, the exports, /health, persisted operations), or in whatever the
 * edge wraps — must be answered as GraphQL masks its errors, and logged under the request's id.
 * The failures are real: a database whose tables do not exist answers every statement with a
 * PostgreSQL error that names the relation, and Prisma's carries the SQL and its own file paths.
 */
const log = captureLog();
const masked = { errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] };
/** What must never reach a client: SQL, database error text, file paths, stack frames. */
const leak = /relation|rate_limit_window|api_key|SELECT|INSERT|prisma|node_modules|\/src\/|\.ts:\d|\n\s+at /i;

let empty: FreshDatabase;
let broken: PrismaClient;
beforeAll(async () => {
  // Never migrated: every table is missing.
  empty = await createFreshDatabase(4);
  broken = createPrismaClient(empty.database);
});
afterAll(async () => {
  await broken.$disconnect();
  await empty.destroy();
});
beforeEach(() => log.clear());

const ready: ServerStatus = { phase: "ready", checkDatabase: async () => true };
const serverOver = (prisma: PrismaClient, options: GraphQLServerOptions = {}, status: ServerStatus = ready) =>
  createGraphQLServer(prisma, status, { adminKey: testAdminKey, ...unlimitedRates, logger: log.logger, ...options });

/** An API key that is well formed, so that authentication looks it up in the database. */
const wellFormedKey = `p3pd_abcdEFGH_${"x".repeat(32)}`;

async function expectMasked(response: Response) {
  const text = await response.text();
  expect(text).not.toMatch(leak);
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(JSON.parse(text)).toEqual(masked);
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toBeTruthy();
  const failure = log.lines().find((line) => line.msg === "Unexpected error");
  expect(failure).toMatchObject({ level: 50, requestId, err: { type: expect.any(String), frames: expect.any(Array) } });
  // The log names where it failed, never what the message said (it may quote a refused value).
  expect(JSON.stringify(failure)).not.toMatch(/does not exist/);
}

describe(`an unexpected failure in a request hook is masked and logged with the request id (${testEngine})`, () => {
  it("in authentication: looking a well-formed key up fails", async () => {
    const response = await serverOver(broken).fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${wellFormedKey}` },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    await expectMasked(response);
  });

  it.each(["csv", "xlsx"])("in the %s export: charging the rate limit fails", async (format) => {
    const response = await serverOver(broken).fetch(`http://localhost/export/coverage.${format}?region=73`, {
      headers: { authorization: `Bearer ${testAdminKey}` },
    });
    await expectMasked(response);
  });

  it("in /health: the database check throws instead of answering", async () => {
    const throwing: ServerStatus = {
      phase: "ready",
      checkDatabase: () => broken.$queryRaw`SELECT version FROM data_version`.then(() => true),
    };
    await expectMasked(await serverOver(broken, {}, throwing).fetch("http://localhost/health"));
  });

  it("in persisted operations: the policy deciding who may send text fails", async () => {
    const policy = () => broken.$queryRaw`SELECT 1 FROM api_key`.then(() => true);
    const response = await serverOver(sharedPrisma(), { allowArbitraryOperations: policy }).fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    await expectMasked(response);
  });

  it("in GraphQL execution: the rate-limit charge before it fails", async () => {
    const response = await serverOver(broken).fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    await expectMasked(response);
  });
});

describe("the HTTP edge answers any error that escapes what it wraps", () => {
  const failing = createHttpEdge(
    () => {
      throw new Error('insert into "person" failed: Key (nik)=(7371010101900001) already exists; at /srv/app/src/x.ts:1');
    },
    { logger: log.logger, cors: false, callerOf: () => undefined },
  );

  it.each([
    [null, "application/json"],
    ["*/*", "application/json"],
    ["application/graphql-response+json", "application/graphql-response+json"],
    ["application/json, text/plain;q=0.5", "application/json"],
    ["text/csv", "application/json"],
  ])("as a JSON GraphQL error (Accept: %s → %s), logging type and frames but not the message", async (accept, mediaType) => {
    const response = await failing.fetch("http://localhost/anything", { headers: accept ? { accept } : {} });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe(`${mediaType}; charset=utf-8`);
    expect(await response.json()).toEqual(masked);
    expect(log.text()).toContain('"msg":"Unexpected error"');
    expect(log.text()).not.toContain("7371010101900001");
  });

  it("as plain text to a client that accepts only text/plain", async () => {
    const response = await failing.fetch("http://localhost/export/coverage.csv", { headers: { accept: "text/plain" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("INTERNAL_SERVER_ERROR: Unexpected error.\n");
  });
});

describe(`the export parameters an attacker sent never reach the client as a stack trace (${testEngine})`, () => {
  const server = () => serverOver(sharedPrisma());
  it.each([
    "region=73&stage=2147483648",
    "region=73&trainerTarget=2147483648",
    "region=73&from=0000-01-01",
    "region=73&to=0000-01-01",
  ])("%s, on CSV and XLSX: a 400 or the masked 500, nothing else", async (query) => {
    for (const format of ["csv", "xlsx"]) {
      const response = await server().fetch(`http://localhost/export/coverage.${format}?${query}`, {
        headers: { authorization: `Bearer ${testAdminKey}` },
      });
      const text = await response.text();
      expect(text).not.toMatch(leak);
      if (response.status === 500) expect(JSON.parse(text)).toEqual(masked);
      else expect(response.status).toBe(400);
    }
  });
});
