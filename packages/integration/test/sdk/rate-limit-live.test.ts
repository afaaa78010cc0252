import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, type RunningServer, sharedDatabase, silentProgress, startServer, unlimitedRates } from "@p3pd/server/testing";
import { createClient, RateLimitedError } from "@p3pd/sdk";
import { rejectionAs } from "../support/rejection.js";

/** A live server allowing each key 3 points per hour; each test uses a key of its own, so no other file shares its window. */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, http: { ...unlimitedRates, rateLimitKeyPoints: 3 } });
});
afterAll(() => server?.close());

describe("the server's rate limit, as the SDK sees it", () => {
  it("is exposed after each call, and turns into RateLimitedError with the wait once spent", async () => {
    const { key } = await createApiKey(server.prisma, { role: "PARTNER", name: "SDK rate-limit test" });
    const client = createClient({ url: `${server.url}/graphql`, apiKey: key, retry: false });
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      await client.stages();
      remaining.push(client.rateLimit?.remaining ?? -1);
    }
    expect(remaining).toEqual([2, 1, 0]);
    expect(client.rateLimit?.limit).toBe(3);
    expect(client.rateLimit?.resetAt?.getTime()).toBeGreaterThan(Date.now());

    const error = await rejectionAs(client.stages(), RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(3_600_000);
    expect(client.rateLimit?.remaining).toBe(0);
  });
});
