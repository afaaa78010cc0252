import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { createGraphQLServer, type GraphQLServer, type GraphQLServerOptions } from "../src/http/yoga.js";
import { createFreshDatabase, type FreshDatabase } from "./support/fresh-database.js";
import type { GraphQLResponse } from "./support/graphql-api.js";
import { isRateLimitCharge } from "./support/statements.js";

type ResponseWithExtensions = GraphQLResponse & { extensions?: Record<string, unknown> };

/**
 * Rate limits on a database of their own, so no other test file's requests share the windows:
 * 12 points per key and 3 per anonymous address per window. A query costs its worst-case nodes
 * over 100 (at least 1), a mutation 5.
 */
let fresh: FreshDatabase;
let prisma: PrismaClient;
const limits = { rateLimitKeyPoints: 12, rateLimitAnonymousPoints: 3, rateLimitWindowSeconds: 3600 } satisfies GraphQLServerOptions;

beforeAll(async () => {
  fresh = await createFreshDatabase();
  await applyPendingMigrations(fresh.database);
  prisma = createPrismaClient(fresh.database);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await fresh?.destroy();
});

const ready = { phase: "ready", checkDatabase: async () => true } as const;
const serverWith = (options: GraphQLServerOptions): GraphQLServer => createGraphQLServer(prisma, ready, options);

async function post(server: GraphQLServer, query: string, apiKey: string | null) {
  const response = await server.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as ResponseWithExtensions };
}

const newKey = async (role = "PARTNER") => (await createApiKey(prisma, { role, name: `rate ${Math.random()}` })).key;

describe("rate limits", () => {
  it("charge a query its points and report them in extensions and X-RateLimit-* headers", async () => {
    const server = serverWith(limits);
    const key = await newKey();
    const before = Math.floor(Date.now() / 1000);
    const { response, body } = await post(server, "{ stages { number } }", key);
    expect(response.status).toBe(200);
    expect(body.extensions).toEqual({ rateLimit: { cost: 1, limit: 12, remaining: 11, resetAt: expect.any(String) } });
    expect(response.headers.get("x-ratelimit-limit")).toBe("12");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("11");
    expect(response.headers.get("x-ratelimit-used")).toBe("1");
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(before + 3600 + 1);
  });

  it("cost a query its worst-case nodes over 100: 50 provinces × 10 kabupaten each is 550 nodes, 6 points", async () => {
    const server = serverWith(limits);
    const key = await newKey();
    const { body } = await post(server, "{ provinces(first: 50) { nodes { kabupatens(first: 10) { totalCount } } } }", key);
    expect(body.errors).toBeUndefined();
    expect(body.extensions).toMatchObject({ rateLimit: { cost: 6, remaining: 6 } });
  });

  it("answer 429 with Retry-After once a key has spent its points, running nothing", async () => {
    const server = serverWith(limits);
    const key = await newKey("ADMIN");
    const mutation = 'mutation { registerPerson(input: { fullName: "Rate", institution: OTHER, homeRegionCode: "99" }) { __typename } }';
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await post(server, mutation, key));
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 429]);
    const refused = results[2]!;
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(refused.body.errors?.[0]?.message).toMatch(/this request costs 5 point\(s\) and 12 are allowed per window/);
    const retryAfter = Number(refused.response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.response.headers.get("x-ratelimit-remaining")).toBe("0");
    // The first two ran (and were audited); the refused one never reached a resolver.
    expect(await prisma.auditRecord.count({ where: { action: "registerPerson", keyPrefix: key.slice(0, 13) } })).toBe(2);
  });

  it("count anonymous callers per client address, apart from any key", async () => {
    const server = serverWith({ ...limits, rateLimitAnonymousPoints: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(server, "{ stages { number } }", null)).response.status);
    expect(statuses).toEqual([200, 200, 429]);
    // A key has a window of its own.
    expect((await post(server, "{ stages { number } }", await newKey())).response.status).toBe(200);
  });

  it("hold across server instances sharing the database: together they never grant more than the limit", async () => {
    const [first, second] = [serverWith(limits), serverWith(limits)];
    const key = await newKey();
    const statuses = [];
    for (let i = 0; i < 16; i++) statuses.push((await post(i % 2 === 0 ? first : second, "{ stages { number } }", key)).response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(12);
    expect(statuses.slice(12)).toEqual([429, 429, 429, 429]);
  });

  it("go to the shared store once per lease of 1% of the window, not on every request, and still count every point", async () => {
    const statements: string[] = [];
    const counted = createPrismaClient(fresh.database, { onQuery: (sql) => statements.push(sql) });
    try {
      const server = createGraphQLServer(counted, ready, { ...limits, rateLimitKeyPoints: 10_000 });
      const key = await newKey();
      const remaining = [];
      for (let i = 0; i < 120; i++) remaining.push(Number((await post(server, "{ stages { number } }", key)).response.headers.get("x-ratelimit-remaining")));
      expect(remaining).toEqual(remaining.map((_, i) => 10_000 - 1 - i));
      // Each trip takes the request's point and a block of 100: 120 one-point requests take two.
      expect(statements.filter(isRateLimitCharge)).toHaveLength(2);
    } finally {
      await counted.$disconnect();
    }
  });

  it("with leases, grant across server instances exactly the window's points together, then answer 429", async () => {
    const policy = { ...limits, rateLimitKeyPoints: 200 };
    const [first, second] = [serverWith(policy), serverWith(policy)];
    const key = await newKey();
    const statuses = [];
    for (let i = 0; i < 230; i++) statuses.push((await post(i % 2 === 0 ? first : second, "{ stages { number } }", key)).response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    expect(statuses.slice(-20).every((status) => status === 429)).toBe(true);
  });

  it("charge the coverage export what a coverage query costs (10 points) from the same window, answering 429 with Retry-After once it is spent", async () => {
    const server = serverWith({ ...limits, rateLimitKeyPoints: 11 });
    const key = await newKey();
    await post(server, "{ stages { number } }", key);
    const download = () => server.fetch("http://localhost/export/coverage.csv", { headers: { authorization: `Bearer ${key}` } });
    const allowed = await download();
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("x-ratelimit-remaining")).toBe("0");
    const refused = await download();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/Rate limit exceeded: this request costs 10 point\(s\) and 11 are allowed per window/);
  });

  it("give the points back when the window ends", async () => {
    const server = serverWith({ ...limits, rateLimitKeyPoints: 1 });
    const { key, apiKey } = await createApiKey(prisma, { role: "PARTNER", name: `rate ${Math.random()}` });
    expect((await post(server, "{ stages { number } }", key)).response.status).toBe(200);
    expect((await post(server, "{ stages { number } }", key)).response.status).toBe(429);
    // The window ends: its start moves back one window length, as the hour passing would move it.
    const moved = await prisma.$executeRaw`
      UPDATE rate_limit_window SET window_start = window_start - make_interval(secs => ${limits.rateLimitWindowSeconds}::int)
       WHERE subject = ${`key:${apiKey.id}`}`;
    expect(moved).toBe(1);
    const { response, body } = await post(server, "{ stages { number } }", key);
    expect(response.status).toBe(200);
    expect(body.extensions).toMatchObject({ rateLimit: { cost: 1, limit: 1, remaining: 0 } });
  });
});
