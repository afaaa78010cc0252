import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AbortedError,
  AuthenticationError,
  createClient,
  createRequestClient,
  ForbiddenError,
  NetworkError,
  P3pdError,
  RateLimitedError,
  ServerError,
  readRateLimit,
  retries,
  TimeoutError,
  type ClientOptions,
} from "@p3pd/sdk";
import { rejectionAs } from "../support/rejection.js";
import { closedPortUrl, ok, startScriptedServer, type ScriptedServer } from "../support/scripted-server.js";

// These tests talk to a local server that fails on purpose, in ways the real API cannot be made to.
type NoVariables = Record<string, never>;
const pingQuery = parse("query Ping { ping }") as TypedDocumentNode<{ ping: string }, NoVariables>;
const touchMutation = parse("mutation Touch { touch }") as TypedDocumentNode<{ touch: boolean }, NoVariables>;

// Small delays keep the suite fast; the rules are the same at any scale.
const quickRetries = { attempts: 3, baseDelayMs: 20, maxDelayMs: 2_000 };

function clientOf(server: ScriptedServer, options: Omit<ClientOptions, "url"> = {}) {
  return createClient({ url: server.url, retry: quickRetries, ...options });
}

/** The gaps between the arrivals of consecutive requests, in ms. */
function gapsBetween(server: ScriptedServer): number[] {
  return server.requests.slice(1).map((request, index) => request.receivedAt - (server.requests[index]?.receivedAt ?? 0));
}

const unavailable = { status: 503, body: "Service Unavailable" };
const graphQLError = (code: string, message = `failed: ${code}`) => ({ errors: [{ message, extensions: { code } }] });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("retries", () => {
  it("retries a query after two 503s, waiting at least each backoff (about 100 ms, then 200 ms), and resolves on the third attempt", async () => {
    // Full jitter waits a random share of the ceiling; pin the share near 1 to wait the ceiling. Only
    // lower bounds: a loaded machine adds time to each gap (retry-rules.test.ts proves the doubling).
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const server = await startScriptedServer([unavailable, unavailable, ok({ ping: "pong" })]);
    const client = clientOf(server, { retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
    expect(await client.request(pingQuery)).toEqual({ ping: "pong" });
    expect(server.requests).toHaveLength(3);
    const [first = 0, second = 0] = gapsBetween(server);
    expect(first).toBeGreaterThanOrEqual(95);
    expect(second).toBeGreaterThanOrEqual(195);
  });

  it("also retries 502 and 504, and a connection that fails", async () => {
    const server = await startScriptedServer([{ status: 502 }, { status: 504 }, ok({ ping: "pong" })]);
    expect(await clientOf(server).request(pingQuery)).toEqual({ ping: "pong" });
    expect(server.requests).toHaveLength(3);

    let fetches = 0;
    const unreachable = createClient({
      url: await closedPortUrl(),
      retry: quickRetries,
      fetch: (input, init) => {
        fetches += 1;
        return fetch(input, init);
      },
    });
    const error = await rejectionAs(unreachable.request(pingQuery), NetworkError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(AbortedError);
    expect(error.status).toBeUndefined();
    expect(error.graphQLErrors).toEqual([]);
    expect(fetches).toBe(3);
  });

  it("waits for a 429's Retry-After (in seconds) before retrying", async () => {
    const server = await startScriptedServer([{ status: 429, headers: { "retry-after": "1" } }, ok({ ping: "pong" })]);
    expect(await clientOf(server).request(pingQuery)).toEqual({ ping: "pong" });
    expect(server.requests).toHaveLength(2);
    expect(gapsBetween(server)[0]).toBeGreaterThanOrEqual(990);
  });

  it("rejects with RateLimitedError and the last Retry-After once the attempts are spent", async () => {
    const server = await startScriptedServer([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 429, headers: { "retry-after": "7" } },
    ]);
    const client = clientOf(server, { retry: { ...quickRetries, attempts: 2 } });
    const error = await rejectionAs(client.request(pingQuery), RateLimitedError);
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than maxDelayMs: it rejects at once, saying how long", async () => {
    // One scripted answer: a client that waited 120 s would outlast the test's timeout, and a retry would show as a second request.
    const server = await startScriptedServer([{ status: 429, headers: { "retry-after": "120" } }]);
    const error = await rejectionAs(clientOf(server).request(pingQuery), RateLimitedError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it("sends a mutation once when it gets a 503, and rejects with ServerError", async () => {
    const server = await startScriptedServer([unavailable, ok({ touch: true })]);
    const error = await rejectionAs(clientOf(server).request(touchMutation), ServerError);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a mutation the call marks idempotent", async () => {
    const server = await startScriptedServer([unavailable, ok({ touch: true })]);
    expect(await clientOf(server).request(touchMutation, {}, { idempotent: true })).toEqual({ touch: true });
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 500, nor anything when retry is false", async () => {
    const failing = await startScriptedServer([{ status: 500, body: graphQLError("INTERNAL_SERVER_ERROR") }]);
    const error = await rejectionAs(clientOf(failing).request(pingQuery), ServerError);
    expect(error.graphQLErrors.map((e) => e.extensions?.code)).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(failing.requests).toHaveLength(1);

    const unavailableOnce = await startScriptedServer([unavailable, ok({ ping: "pong" })]);
    await rejectionAs(clientOf(unavailableOnce, { retry: false }).request(pingQuery), ServerError);
    expect(unavailableOnce.requests).toHaveLength(1);
  });
});

describe("typed errors", () => {
  // The live API answers UNAUTHENTICATED and FORBIDDEN as GraphQL errors (errors.test.ts); these
  // are the HTTP statuses a gateway in front of it may answer with instead.
  it("rejects an HTTP 401 with AuthenticationError, keeping the GraphQL errors of its body", async () => {
    const server = await startScriptedServer([{ status: 401, body: graphQLError("UNAUTHENTICATED", "Missing API key.") }]);
    const error = await rejectionAs(clientOf(server).request(pingQuery), AuthenticationError);
    expect(error).toMatchObject({ status: 401, message: "Missing API key." });
    expect(error.graphQLErrors).toEqual([{ message: "Missing API key.", extensions: { code: "UNAUTHENTICATED" } }]);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects an HTTP 403 with ForbiddenError, whatever its body", async () => {
    const server = await startScriptedServer([{ status: 403, body: "Forbidden" }]);
    const error = await rejectionAs(clientOf(server).request(pingQuery), ForbiddenError);
    expect(error).toMatchObject({ status: 403, graphQLErrors: [] });
    expect(error).toBeInstanceOf(P3pdError);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a 200 that is not a GraphQL result with ServerError", async () => {
    const server = await startScriptedServer([{ status: 200, body: "<html>maintenance</html>" }]);
    await rejectionAs(clientOf(server).request(pingQuery), ServerError);
  });
});

describe("createRequestClient, composed with the parts it needs", () => {
  it("sends a query once on a 503 without the retry part, and rejects with ServerError", async () => {
    const server = await startScriptedServer([unavailable, ok({ ping: "pong" })]);
    const error = await rejectionAs(createRequestClient({ url: server.url }).request(pingQuery), ServerError);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("retries the query after a 503 with retry: retries(), and resolves on the second attempt", async () => {
    const server = await startScriptedServer([unavailable, ok({ ping: "pong" })]);
    const client = createRequestClient({ url: server.url, retry: retries(quickRetries) });
    expect(await client.request(pingQuery)).toEqual({ ping: "pong" });
    expect(server.requests).toHaveLength(2);
  });

  it("times out an attempt with retries({ timeoutMs }), and without the part waits for the late answer", async () => {
    const slow = { ...ok({ ping: "late" }), delayMs: 300 };
    const timed = await startScriptedServer([slow]);
    const timedClient = createRequestClient({ url: timed.url, retry: retries({ attempts: 1, timeoutMs: 50 }) });
    await rejectionAs(timedClient.request(pingQuery), TimeoutError);
    const untimed = await startScriptedServer([slow]);
    expect(await createRequestClient({ url: untimed.url }).request(pingQuery)).toEqual({ ping: "late" });
  });

  it("still rejects with AbortedError when the caller aborts, without the retry part", async () => {
    const server = await startScriptedServer([{ ...ok({ ping: "late" }), delayMs: 10_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const call = createRequestClient({ url: server.url }).request(pingQuery, {}, { signal: controller.signal });
    await rejectionAs(call, AbortedError);
  });

  it("reads client.rateLimit only when composed with readRateLimit", async () => {
    const limited = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99" };
    const server = await startScriptedServer([ok({ ping: "pong" }, limited), ok({ ping: "pong" }, limited)]);
    const without = createRequestClient({ url: server.url });
    await without.request(pingQuery);
    expect(without.rateLimit).toBeUndefined();
    const withReader = createRequestClient({ url: server.url, readRateLimit });
    await withReader.request(pingQuery);
    expect(withReader.rateLimit).toEqual({ limit: 100, remaining: 99, resetAt: undefined });
  });
});

describe("timeouts and cancellation", () => {
  it("aborts an attempt slower than timeoutMs with TimeoutError, a NetworkError, after retrying it", async () => {
    // Both answers would come, late: a client that did not time out would resolve with "late" instead of rejecting.
    const slow = { ...ok({ ping: "late" }), delayMs: 10_000 };
    const server = await startScriptedServer([slow, slow]);
    const client = clientOf(server, { timeoutMs: 100, retry: { ...quickRetries, attempts: 2 } });
    const error = await rejectionAs(client.request(pingQuery), TimeoutError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(2);
  });

  it("rejects promptly with AbortedError when the call's signal aborts mid-request, without retrying", async () => {
    const server = await startScriptedServer([{ ...ok({ ping: "late" }), delayMs: 10_000 }, ok({ ping: "pong" })]);
    // Not aborted, the call would resolve with the late answer, or retry and get "pong".
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectionAs(clientOf(server).request(pingQuery, {}, { signal: controller.signal }), AbortedError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts a call in flight when the client-wide signal aborts", async () => {
    const server = await startScriptedServer([{ ...ok({ ping: "late" }), delayMs: 10_000 }]);
    const controller = new AbortController();
    const client = clientOf(server, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectionAs(client.request(pingQuery), AbortedError);
  });

  it("stops waiting for the next retry when the signal aborts during the backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const server = await startScriptedServer([unavailable, ok({ ping: "pong" })]);
    const controller = new AbortController();
    const client = clientOf(server, { retry: { attempts: 2, baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    // A backoff that kept going after the abort would retry after 5 s and resolve with "pong".
    setTimeout(() => controller.abort(), 100);
    await rejectionAs(client.request(pingQuery, {}, { signal: controller.signal }), AbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await startScriptedServer([ok({ ping: "pong" })]);
    await rejectionAs(clientOf(server).request(pingQuery, {}, { signal: AbortSignal.abort() }), AbortedError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("rate-limit headers and the API key", () => {
  it("exposes the last response's X-RateLimit-* headers as client.rateLimit, else undefined", async () => {
    const server = await startScriptedServer([
      ok({ ping: "pong" }, { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99", "x-ratelimit-reset": "30" }),
      { status: 429, headers: { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "retry-after": "5" } },
      ok({ ping: "pong" }),
    ]);
    const client = clientOf(server, { retry: false });
    expect(client.rateLimit).toBeUndefined();

    const before = Date.now();
    await client.request(pingQuery);
    expect(client.rateLimit).toMatchObject({ limit: 100, remaining: 99 });
    const resetAt = client.rateLimit?.resetAt?.getTime() ?? 0;
    expect(resetAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 30_000);

    // An error response counts too.
    await rejectionAs(client.request(pingQuery), RateLimitedError);
    expect(client.rateLimit).toEqual({ limit: 100, remaining: 0, resetAt: undefined });

    await client.request(pingQuery);
    expect(client.rateLimit).toBeUndefined();
  });

  it("sends the API key as Authorization: Bearer, and no Authorization header without one", async () => {
    const server = await startScriptedServer([ok({ ping: "pong" }), ok({ ping: "pong" })]);
    await clientOf(server, { apiKey: "partner-key" }).request(pingQuery);
    await clientOf(server).request(pingQuery);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer partner-key", undefined]);
  });
});
