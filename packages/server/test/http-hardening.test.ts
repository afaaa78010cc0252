import { setTimeout as sleep } from "node:timers/promises";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { createSchema, createYoga } from "graphql-yoga";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { useExecutionTimeout } from "../src/http/execution-timeout.js";
import { defaultHttpOptions, httpOptionsFromEnv } from "../src/http/http-options.js";
import type { RunningServer } from "../src/http/start-server.js";
import { startingBeforeDeadline } from "../src/schema/deadline-plugin.js";
import { createGraphQLServer, type GraphQLServerOptions } from "../src/http/yoga.js";
import { sharedDatabase, startSharedServer, unlimitedRates } from "./support/shared-database.js";
import { dataStatements } from "./support/statements.js";

const statements: string[] = [];
const prisma = createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) });
const ready = { phase: "ready", checkDatabase: async () => true } as const;
let server: RunningServer;
beforeAll(async () => {
  server = await startSharedServer();
});
afterAll(async () => {
  await server.close();
  await prisma.$disconnect();
});
beforeEach(() => {
  statements.length = 0;
});

/**
 * A request through the real Yoga pipeline (no socket), over a Prisma client that counts
 * statements. A server per request, on the shared database: out of the shared rate-limit windows.
 */
function request(init: RequestInit, options: GraphQLServerOptions = {}, path = "/graphql"): Promise<Response> {
  return Promise.resolve(createGraphQLServer(prisma, { ...ready }, { ...unlimitedRates, ...options }).fetch(`http://localhost${path}`, init));
}

const json = { "content-type": "application/json" };

async function expectError(response: Response, status: number, message: string, code: string) {
  expect(response.status).toBe(status);
  expect(await response.json()).toEqual({ errors: [{ message, extensions: expect.objectContaining({ code }) }] });
}

describe("over a live socket", () => {
  it("a normal query is answered, through every limit", async () => {
    const body = JSON.stringify({ query: '{ kecamatan(code: "73.71.01") { name villages(first: 3) { totalCount } } }' });
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: json, body });
    expect(await response.json()).toEqual({ data: { kecamatan: { name: "Mariso", villages: { totalCount: 9 } } }, extensions: { rateLimit: expect.any(Object) } });
  });
});

describe("request bodies", () => {
  const tooLarge = "The request body exceeds the limit of 1,000,000 bytes.";

  it("a 5 MB query gets 413 from the body limit (1 MB) before the token limit could see it", async () => {
    const body = JSON.stringify({ query: `{ ${"__typename ".repeat(500_000)}}` });
    expect(body.length).toBeGreaterThan(5_000_000);
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: json, body });
    await expectError(response, 413, tooLarge, "REQUEST_ENTITY_TOO_LARGE");
  });

  it("a body streamed without Content-Length is cut off at the same limit, with the same message", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(100_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query": "{ __typename }"'));
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: json, body, duplex: "half" } as RequestInit);
    await expectError(response, 413, tooLarge, "REQUEST_ENTITY_TOO_LARGE");
  });

  it("takes its limit from the maxBodyBytes option (P3PD_MAX_BODY_BYTES)", async () => {
    const body = JSON.stringify({ query: `{ ${"__typename ".repeat(20)}}` });
    expect(body.length).toBeGreaterThan(200);
    const small = await request({ method: "POST", headers: json, body }, { maxBodyBytes: 200 });
    await expectError(small, 413, "The request body exceeds the limit of 200 bytes.", "REQUEST_ENTITY_TOO_LARGE");
    expect((await request({ method: "POST", headers: json, body }, { maxBodyBytes: 1000 })).status).toBe(200);
    expect(dataStatements(statements)).toEqual([]);
  });

  it("a Content-Length that is not one byte count gets 400 saying so, before the body is read", async () => {
    const body = JSON.stringify({ query: "{ provinces { totalCount } }" });
    const response = await request({ method: "POST", headers: { ...json, "content-length": `${body.length}, ${body.length}` }, body });
    await expectError(response, 400, "The Content-Length header is not a byte count.", "BAD_REQUEST");
    expect(statements).toEqual([]);
  });

  it("invalid JSON gets 400 saying so", async () => {
    const response = await request({ method: "POST", headers: json, body: '{"query": "{ __typename }"' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ message: "POST body sent invalid JSON.", extensions: { code: "BAD_REQUEST" } });
  });

  it("a batch (a JSON array of operations) gets 400: batching is off", async () => {
    const body = JSON.stringify([{ query: "{ provinces { totalCount } }" }, { query: "{ stages { number } }" }]);
    await expectError(await request({ method: "POST", headers: json, body }), 400, "Batching is not supported.", "BAD_REQUEST");
    expect(statements).toEqual([]);
  });

  it.each([
    ["text/plain", '"text/plain" is not supported: send GraphQL as a JSON body with "Content-Type: application/json".'],
    ["multipart/form-data; boundary=x", '"multipart/form-data; boundary=x" is not supported: send GraphQL as a JSON body with "Content-Type: application/json".'],
    [null, 'The request has no content type: send GraphQL as a JSON body with "Content-Type: application/json".'],
  ])("a POST with content type %j gets 415 saying what to send", async (contentType, message) => {
    const body = new Blob([JSON.stringify({ query: "{ provinces { totalCount } }" })]);
    const response = await request({ method: "POST", headers: contentType ? { "content-type": contentType } : {}, body });
    await expectError(response, 415, message, "BAD_REQUEST");
    expect(statements).toEqual([]);
  });
});

describe("a query over a limit", () => {
  const overDepth = JSON.stringify({ query: `{ region(code: "73") { ${"parent { ".repeat(15)}code${" }".repeat(15)} } }` });
  const overTokens = JSON.stringify({ query: `{ ${"__typename ".repeat(2001)}}` });

  it.each([
    ["depth", overDepth],
    ["tokens", overTokens],
  ])("(%s) is a 200 to application/json clients and a 400 to application/graphql-response+json ones", async (_limit, body) => {
    const asJson = await request({ method: "POST", headers: { ...json, accept: "application/json" }, body });
    const asGraphQLResponse = await request({ method: "POST", headers: { ...json, accept: "application/graphql-response+json" }, body });
    expect([asJson.status, asGraphQLResponse.status]).toEqual([200, 400]);
    for (const response of [asJson, asGraphQLResponse]) {
      expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: "QUERY_TOO_COMPLEX" } })] });
    }
    expect(statements).toEqual([]);
  });
});

describe("the execution timeout", () => {
  /**
   * A field that takes 300 ms, below it one that must never run once the deadline has passed. With
   * the compiled executor its resolvers check the deadline as our builder's deadline plugin makes
   * every resolver of our schema do.
   */
  function slowSchema(onNext: () => void, onSlowDone: () => void = () => {}, checkDeadline = false) {
    const checked = <Source, Args>(resolver: (source: Source, args: Args) => unknown) => (checkDeadline ? startingBeforeDeadline(resolver) : resolver);
    return createSchema({
      typeDefs: "type Query { slow: Slow } type Slow { next: String }",
      resolvers: {
        Query: {
          slow: checked(() =>
            sleep(300).then(() => {
              onSlowDone();
              return {};
            }),
          ),
        },
        Slow: {
          next: checked(() => {
            onNext();
            return "too late";
          }),
        },
      },
    });
  }

  it.each([
    ["graphql-js' executor", false],
    ["the compiled executor (graphql-jit), our server's", true],
  ])("stops an operation at the deadline, and starts no resolver after it, with %s", async (_executor, compiled) => {
    let nextRan = false;
    let slowDone = false;
    const schema = slowSchema(
      () => {
        nextRan = true;
      },
      () => {
        slowDone = true;
      },
      compiled,
    );
    const yoga = createYoga({
      schema,
      plugins: compiled ? [useGraphQlJit(), useExecutionTimeout(30)] : [useExecutionTimeout(30)],
    });
    const response = await yoga.fetch("http://localhost/graphql", { method: "POST", headers: json, body: JSON.stringify({ query: "{ slow { next } }" }) });
    // Answered at the deadline, not when the slow resolver finished: its 300 ms timer started after the 30 ms one.
    expect(slowDone).toBe(false);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: null,
      errors: [{ message: "The query ran longer than the limit of 30 ms and was stopped.", extensions: { code: "EXECUTION_TIMEOUT" } }],
    });
    await sleep(400);
    expect(nextRan).toBe(false);
  });

  it("applies to our API (executionTimeoutMs, P3PD_EXECUTION_TIMEOUT_MS), as a 200 that clients do not retry", async () => {
    // A name search scans every level of the tree: far longer than 1 ms.
    const body = JSON.stringify({ query: '{ regions(search: "a") { totalCount } }' });
    const headers = { ...json, accept: "application/graphql-response+json, application/json" };
    const response = await request({ method: "POST", headers, body }, { executionTimeoutMs: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: null,
      errors: [{ message: "The query ran longer than the limit of 1 ms and was stopped.", extensions: { code: "EXECUTION_TIMEOUT" } }],
      extensions: { rateLimit: expect.any(Object) },
    });
  });

  it("leaves a query within the default 10 s alone", async () => {
    const response = await request({ method: "POST", headers: json, body: JSON.stringify({ query: '{ regions(search: "makassar") { totalCount } }' }) });
    expect(await response.json()).toEqual({ data: { regions: { totalCount: expect.any(Number) } }, extensions: { rateLimit: expect.any(Object) } });
  });
});

describe("refusals before execution, in the media type the client accepts", () => {
  const body = JSON.stringify({ query: "{ stages { number } }" });
  const accepts = [
    ["application/graphql-response+json", "application/graphql-response+json"],
    ["application/json", "application/json"],
    ["*/*", "application/json"],
  ] as const;

  it.each(accepts)("a revoked or unknown key (Accept: %s) gets a 401 as %s with the GraphQL error body", async (accept, mediaType) => {
    const response = await request({ method: "POST", headers: { ...json, accept, authorization: "Bearer p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" }, body });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe(`${mediaType}; charset=utf-8`);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
  });

  it.each(accepts)("a request while the server is starting (Accept: %s) gets a 503 as %s with the GraphQL error body and Retry-After", async (accept, mediaType) => {
    const starting = createGraphQLServer(prisma, { ...ready, phase: "importing" }, unlimitedRates);
    const response = await starting.fetch("http://localhost/graphql", { method: "POST", headers: { ...json, accept }, body });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe(`${mediaType}; charset=utf-8`);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({
      errors: [{ message: "The server is starting (importing); retry shortly.", extensions: { code: "SERVER_STARTING" } }],
    });
  });

  it.each(accepts)("a key past its rate limit (Accept: %s) gets a 429 as %s with the GraphQL error body", async (accept, mediaType) => {
    const { key } = await createApiKey(prisma, { role: "PARTNER", name: `media type ${process.pid} ${Math.random()}` });
    const send = () => request({ method: "POST", headers: { ...json, accept, authorization: `Bearer ${key}` }, body }, { rateLimitKeyPoints: 1 });
    expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(new RegExp(`^${mediaType.replace("+", "\\+")}(;|$)`));
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: "RATE_LIMITED" } }] });
  });
});

describe("CORS", () => {
  const fromPartner = { ...json, origin: "https://partner.example" };
  const body = JSON.stringify({ query: "{ __typename }" });
  const preflight = {
    method: "OPTIONS",
    headers: { origin: "https://partner.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
  };

  it("by default lets no other origin read a response", async () => {
    const response = await request({ method: "POST", headers: fromPartner, body });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect((await request(preflight)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows the configured origins (P3PD_CORS_ORIGINS), never with credentials", async () => {
    const corsOrigins = ["https://partner.example", "https://other.example"];
    const allowed = await request({ method: "POST", headers: fromPartner, body }, { corsOrigins });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const stranger = await request({ method: "POST", headers: { ...json, origin: "https://evil.example" }, body }, { corsOrigins });
    expect(stranger.headers.get("access-control-allow-origin")).toBe("null");
    const preflightAnswer = await request(preflight, { corsOrigins });
    expect(preflightAnswer.status).toBe(204);
    expect(preflightAnswer.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(preflightAnswer.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
  });

  it("lets an allowed origin's scripts read the rate-limit headers, Retry-After and X-Request-Id", async () => {
    const allowed = await request({ method: "POST", headers: fromPartner, body }, { corsOrigins: ["https://partner.example"] });
    const exposed = (allowed.headers.get("access-control-expose-headers") ?? "").split(",").map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "retry-after", "x-request-id"]));
  });

  it("lets an allowed origin's scripts read a 429's Retry-After and a 401's body: refusals carry the same CORS headers", async () => {
    const corsOrigins = ["https://partner.example"];
    const { key } = await createApiKey(prisma, { role: "PARTNER", name: `cors refusal ${process.pid} ${Math.random()}` });
    const send = (authorization: string) => request({ method: "POST", headers: { ...fromPartner, authorization }, body }, { corsOrigins, rateLimitKeyPoints: 1 });
    expect((await send(`Bearer ${key}`)).status).toBe(200);
    const refusals = [await send(`Bearer ${key}`), await send("Bearer p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")];
    expect(refusals.map((response) => response.status)).toEqual([429, 401]);
    for (const refused of refusals) {
      expect(refused.headers.get("access-control-allow-origin")).toBe("https://partner.example");
      const exposed = (refused.headers.get("access-control-expose-headers") ?? "").split(",").map((name) => name.trim().toLowerCase());
      expect(exposed).toEqual(expect.arrayContaining(["retry-after", "x-ratelimit-remaining", "x-request-id"]));
    }
    expect(refusals[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("lets an allowed origin's scripts read a 503 for a database outage met before GraphQL runs: the edge's own answer carries the CORS headers too", async () => {
    // Nothing listens on port 1: the key's lookup, in the authentication hook, meets the outage.
    const unreachable = createPrismaClient({ ...sharedDatabase(), connectionString: "postgresql://postgres@127.0.0.1:1/postgres" });
    try {
      const server = createGraphQLServer(unreachable, { ...ready }, { ...unlimitedRates, corsOrigins: ["https://partner.example"] });
      const response = await server.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { ...fromPartner, accept: "application/graphql-response+json", authorization: "Bearer p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" },
        body,
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "DATABASE_UNAVAILABLE" } }] });
      expect(response.headers.get("access-control-allow-origin")).toBe("https://partner.example");
      const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(",").map((name) => name.trim().toLowerCase());
      expect(exposed).toEqual(expect.arrayContaining(["retry-after", "x-request-id"]));
      expect(response.headers.get("retry-after")).toBe("5");
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('allows any origin with "*"', async () => {
    const response = await request({ method: "POST", headers: { ...json, origin: "https://anyone.example" }, body }, { corsOrigins: ["*"] });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://anyone.example");
  });
});

describe("settings from the environment", () => {
  it("default to 1,000,000 bytes, 10,000 ms, no other origin, and 5,000 / 1,000 rate-limit points an hour", () => {
    expect(httpOptionsFromEnv({})).toEqual(defaultHttpOptions);
    expect(defaultHttpOptions).toEqual({
      maxBodyBytes: 1_000_000,
      executionTimeoutMs: 10_000,
      corsOrigins: [],
      rateLimitKeyPoints: 5_000,
      rateLimitAnonymousPoints: 1_000,
      rateLimitWindowSeconds: 3_600,
      trustedProxies: [],
      metricsToken: undefined,
      drainSeconds: 25,
    });
  });

  it("read P3PD_MAX_BODY_BYTES, P3PD_EXECUTION_TIMEOUT_MS, a comma-separated P3PD_CORS_ORIGINS, the P3PD_RATE_LIMIT_* settings, P3PD_TRUSTED_PROXIES, P3PD_METRICS_TOKEN and P3PD_DRAIN_SECONDS", () => {
    const env = {
      P3PD_MAX_BODY_BYTES: "2000000",
      P3PD_EXECUTION_TIMEOUT_MS: " 5000 ",
      P3PD_CORS_ORIGINS: "https://a.example, http://localhost:5173,",
      P3PD_RATE_LIMIT_POINTS: "100",
      P3PD_RATE_LIMIT_ANONYMOUS_POINTS: "10",
      P3PD_RATE_LIMIT_WINDOW_SECONDS: "60",
      P3PD_TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.7,loopback",
      P3PD_METRICS_TOKEN: " scrape-me ",
      P3PD_DRAIN_SECONDS: "40",
    };
    expect(httpOptionsFromEnv(env)).toEqual({
      maxBodyBytes: 2_000_000,
      executionTimeoutMs: 5000,
      corsOrigins: ["https://a.example", "http://localhost:5173"],
      rateLimitKeyPoints: 100,
      rateLimitAnonymousPoints: 10,
      rateLimitWindowSeconds: 60,
      trustedProxies: ["10.0.0.0/8", "192.168.1.7", "loopback"],
      metricsToken: "scrape-me",
      drainSeconds: 40,
    });
  });

  it.each([
    [{ P3PD_MAX_BODY_BYTES: "1MB" }, 'P3PD_MAX_BODY_BYTES must be a positive whole number, got "1MB".'],
    [{ P3PD_EXECUTION_TIMEOUT_MS: "0" }, 'P3PD_EXECUTION_TIMEOUT_MS must be a positive whole number, got "0".'],
    [
      { P3PD_CORS_ORIGINS: "https://a.example/" },
      'P3PD_CORS_ORIGINS: "https://a.example/" is not an origin like https://app.example.org (no path, no trailing slash) or "*".',
    ],
    [{ P3PD_TRUSTED_PROXIES: "10.0.0.0/33" }, "P3PD_TRUSTED_PROXIES: invalid range on address: 10.0.0.0/33"],
    [{ P3PD_TRUSTED_PROXIES: "proxy.internal" }, "P3PD_TRUSTED_PROXIES: invalid IP address: proxy.internal"],
    [{ P3PD_DRAIN_SECONDS: "-1" }, 'P3PD_DRAIN_SECONDS must be a positive whole number, got "-1".'],
  ])("refuse %j, saying why", (env, message) => {
    expect(() => httpOptionsFromEnv(env)).toThrow(message);
  });
});
