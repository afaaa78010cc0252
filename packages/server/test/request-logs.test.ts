import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { startServer, type RunningServer } from "../src/http/start-server.js";
import { silentProgress } from "../src/progress.js";
import { captureLog } from "./support/log-capture.js";
import { sharedDatabase, sharedPrisma, testAdminKey, unlimitedRates } from "./support/shared-database.js";

/**
 * The log of a live server: one JSON line per request, each line written while a request runs
 * carrying its id, and nothing a caller would not want written down — no key, no personal value
 * of a mutation's variables, no query string.
 */
const log = captureLog();
const prisma = sharedPrisma();
let server: RunningServer;
let partnerKey: string;
let partnerKeyId: string;
beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates, logger: log.logger });
  const made = await createApiKey(prisma, { role: "PARTNER", name: "request-logs test" });
  partnerKey = made.key;
  partnerKeyId = made.apiKey.id;
});
afterAll(async () => {
  await server.close();
  await prisma.apiKey.delete({ where: { id: partnerKeyId } });
  await prisma.$disconnect();
});
beforeEach(() => log.clear());

const personal = {
  nik: "7371019912870042",
  phone: "+6281299887766",
  email: "siti.rahmawati.logtest@example.org",
  fullName: "Siti Rahmawati Logtest",
};

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

const requestLines = () => log.lines().filter((line) => line.msg === "request");

describe("request logs", () => {
  it("write one line per request with its id, method, path, operation, status, duration, role and key prefix", async () => {
    const response = await post({ query: "query RegionName { province(code: \"73\") { name } }" }, { authorization: `Bearer ${partnerKey}` });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines()).toEqual([
      expect.objectContaining({
        level: 30,
        requestId,
        method: "POST",
        path: "/graphql",
        operation: "RegionName",
        status: 200,
        durationMs: expect.any(Number),
        role: "PARTNER",
        keyPrefix: partnerKey.split("_").slice(0, 2).join("_"),
      }),
    ]);
  });

  it("keep a sane incoming X-Request-Id and replace one that is not an id", async () => {
    const kept = await post({ query: "{ __typename }" }, { "x-request-id": "lb-7f3a.42:trace=1" });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.42:trace=1");
    const replaced = await post({ query: "{ __typename }" }, { "x-request-id": "x".repeat(129) });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await post({ query: "{ __typename }" }, { "x-request-id": 'a" b' });
    expect(injected.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().map((line) => line.requestId)).toEqual(["lb-7f3a.42:trace=1", replaced.headers.get("x-request-id"), injected.headers.get("x-request-id")]);
  });

  it("write no API key, no personal value of a mutation's variables and no query string", async () => {
    const mutation = `mutation Register($input: RegisterPersonInput!) {
      registerPerson(input: $input) { __typename ... on Error { message } }
    }`;
    // A home region that does not exist: the mutation is refused, nothing is written.
    const refused = await post(
      { query: mutation, variables: { input: { ...personal, institution: "OTHER", homeRegionCode: "99.99" } } },
      { authorization: `Bearer ${testAdminKey}` },
    );
    expect(((await refused.json()) as { data: { registerPerson: { __typename: string } } }).data.registerPerson.__typename).not.toBe("RegisterPersonSuccess");
    const search = new URLSearchParams({ query: "query Find($q: String) { regions(search: $q, first: 1) { totalCount } }", variables: JSON.stringify({ q: personal.fullName }) });
    await fetch(`${server.url}/graphql?${search}`, { headers: { accept: "application/json", authorization: `Bearer ${partnerKey}` } });
    const unknownKey = await post({ query: "{ __typename }" }, { authorization: `Bearer p3pd_ZZZZzzzz_${"q".repeat(32)}` });
    expect(unknownKey.status).toBe(401);

    expect(requestLines()).toHaveLength(3);
    const text = log.text();
    for (const value of [...Object.values(personal), testAdminKey, partnerKey.split("_")[2]!, "q".repeat(32), "Find($q"]) {
      expect(text).not.toContain(value);
    }
    expect(requestLines().map((line) => line.path)).toEqual(["/graphql", "/graphql", "/graphql"]);
  });

  it("name a path the server does not serve as other", async () => {
    const response = await fetch(`${server.url}/people/${personal.nik}`);
    expect(response.status).toBe(404);
    expect(requestLines()).toEqual([expect.objectContaining({ path: "other", status: 404 })]);
    expect(log.text()).not.toContain(personal.nik);
  });
});
