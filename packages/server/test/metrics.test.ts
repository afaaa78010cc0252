import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerStatus } from "../src/http/health.js";
import { createGraphQLServer, type GraphQLServer } from "../src/http/yoga.js";
import { sharedPrisma, testAdminKey, unlimitedRates } from "./support/shared-database.js";

const prisma = sharedPrisma();
const ready: ServerStatus = { phase: "ready", checkDatabase: async () => true };
const token = "metrics-test-token";
let server: GraphQLServer;
beforeAll(() => {
  server = createGraphQLServer(prisma, ready, { adminKey: testAdminKey, ...unlimitedRates, metricsToken: token });
});
afterAll(() => prisma.$disconnect());

const graphql = (target: GraphQLServer, query: string, headers: Record<string, string> = {}) =>
  target.fetch("http://localhost/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });

async function scrape(): Promise<string> {
  const response = await server.fetch("http://localhost/metrics", { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, by its full name and labels as Prometheus' text format writes them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics", () => {
  it("is not served without P3PD_METRICS_TOKEN", async () => {
    const plain = createGraphQLServer(prisma, ready, { ...unlimitedRates });
    expect((await plain.fetch("http://localhost/metrics")).status).toBe(404);
  });

  it.each([
    ["no Authorization header", {}],
    ["another token", { authorization: "Bearer not-the-token" }],
    ["an API key", { authorization: `Bearer ${testAdminKey}` }],
  ])("answers 401 to a request with %s", async (_case, headers) => {
    const response = await server.fetch("http://localhost/metrics", { headers });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringContaining("P3PD_METRICS_TOKEN"), extensions: { code: "UNAUTHENTICATED" } }] });
  });

  it("counts requests by route, operation name, outcome and status, with their latency", async () => {
    const ok = 'query MetricsRegion { province(code: "73") { name } }';
    await graphql(server, ok);
    await graphql(server, ok);
    await graphql(server, "query MetricsBad { province(code: \"7x\") { name } }");
    const text = await scrape();
    expect(sample(text, 'p3pd_requests_total{route="/graphql",operation="MetricsRegion",outcome="ok",status="200"}')).toBe(2);
    expect(sample(text, 'p3pd_requests_total{route="/graphql",operation="MetricsBad",outcome="BAD_USER_INPUT",status="200"}')).toBe(1);
    expect(sample(text, 'p3pd_request_duration_seconds_count{route="/graphql",operation="MetricsRegion"}')).toBe(2);
    expect(sample(text, 'p3pd_request_duration_seconds_bucket{le="+Inf",route="/graphql",operation="MetricsRegion"}')).toBe(2);
  });

  it("counts the report cache's misses and hits", async () => {
    const before = await scrape();
    const coverage = '{ province(code: "73") { coverage(stage: 3) { certifiedTrainers } } }';
    await graphql(server, coverage, { authorization: `Bearer ${testAdminKey}` });
    await graphql(server, coverage, { authorization: `Bearer ${testAdminKey}` });
    const after = await scrape();
    const hits = (text: string) => sample(text, 'p3pd_report_cache_lookups_total{result="hit"}') ?? 0;
    const misses = (text: string) => sample(text, 'p3pd_report_cache_lookups_total{result="miss"}') ?? 0;
    expect(hits(after)).toBeGreaterThan(hits(before));
    expect(hits(after) + misses(after)).toBeGreaterThan(hits(before) + misses(before));
  });

  it("shows the database pool's size and use", async () => {
    const text = await scrape();
    expect(sample(text, 'p3pd_db_pool_connections{state="max"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'p3pd_db_pool_connections{state="open"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'p3pd_db_pool_connections{state="waiting"}')).toBe(0);
  });

  it("counts rate-limit refusals by caller kind", async () => {
    // A limit of 1 point refuses any query that costs 2 (more than 100 possible nodes).
    const limited = createGraphQLServer(prisma, ready, { rateLimitAnonymousPoints: 1, metricsToken: token });
    const refused = await graphql(limited, "{ provinces(first: 100) { nodes { kabupatens(first: 100) { totalCount } } } }");
    expect(refused.status).toBe(429);
    const response = await limited.fetch("http://localhost/metrics", { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    expect(sample(text, 'p3pd_rate_limit_refusals_total{route="/graphql",caller="anonymous"}')).toBe(1);
    expect(sample(text, 'p3pd_requests_total{route="/graphql",operation="anonymous",outcome="RATE_LIMITED",status="429"}')).toBe(1);
  });
});
