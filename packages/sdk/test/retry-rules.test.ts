import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortedError, BadUserInputError, NetworkError, RateLimitedError, ServerError, TimeoutError } from "../src/index.js";
import { readRateLimit, retryAfterMs } from "../src/rate-limit.js";
import { retryDelayMs } from "../src/retry-policy.js";

// The pure rules behind retries and rate limits, at exact values a live exchange cannot pin down.

const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const unavailable = new ServerError("The API answered HTTP 503.", { status: 503 });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("retryDelayMs", () => {
  it("waits a random share of a ceiling that doubles with each retry and stops at maxDelayMs", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(unavailable, retry, options))).toEqual([50, 100, 200, 400, 500, 500]);
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(retryDelayMs(unavailable, 3, options)).toBe(0);
  });

  it("retries network failures and timeouts, but not aborts, bad input or a 500", () => {
    expect(retryDelayMs(new NetworkError("down"), 1, options)).toBeTypeOf("number");
    expect(retryDelayMs(new TimeoutError("slow"), 1, options)).toBeTypeOf("number");
    expect(retryDelayMs(new ServerError("gateway", { status: 502 }), 1, options)).toBeTypeOf("number");
    expect(retryDelayMs(new AbortedError("stop"), 1, options)).toBeUndefined();
    expect(retryDelayMs(new BadUserInputError("7x"), 1, options)).toBeUndefined();
    expect(retryDelayMs(new ServerError("bug", { status: 500 }), 1, options)).toBeUndefined();
    expect(retryDelayMs(new ServerError("bug", { status: 200 }), 1, options)).toBeUndefined();
  });

  it("waits exactly a 429's Retry-After, backs off without one, and gives up on one over maxDelayMs", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const rateLimited = (after: number | undefined) => new RateLimitedError("slow down", { status: 429 }, after);
    expect(retryDelayMs(rateLimited(800), 1, options)).toBe(800);
    expect(retryDelayMs(rateLimited(undefined), 2, options)).toBe(100);
    expect(retryDelayMs(rateLimited(1_001), 1, options)).toBeUndefined();
  });
});

describe("response headers", () => {
  const now = Date.parse("2026-01-05T08:00:00Z");

  it("reads Retry-After as delay-seconds or as an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Mon, 05 Jan 2026 08:00:04 GMT" }), now)).toBe(4_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Mon, 05 Jan 2026 07:59:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("reads X-RateLimit-Reset as seconds from now or as a Unix time, and needs limit and remaining", () => {
    const limits = { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59" };
    expect(readRateLimit(new Headers({ ...limits, "x-ratelimit-reset": "15" }), now)).toEqual({
      limit: 60,
      remaining: 59,
      resetAt: new Date(now + 15_000),
    });
    expect(readRateLimit(new Headers({ ...limits, "x-ratelimit-reset": String(now / 1000 + 60) }), now)?.resetAt).toEqual(
      new Date(now + 60_000),
    );
    expect(readRateLimit(new Headers(limits), now)?.resetAt).toBeUndefined();
    expect(readRateLimit(new Headers({ "x-ratelimit-limit": "60" }), now)).toBeUndefined();
    expect(readRateLimit(new Headers({ ...limits, "x-ratelimit-remaining": "many" }), now)).toBeUndefined();
  });
});
