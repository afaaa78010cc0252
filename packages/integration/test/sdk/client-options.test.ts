import { describe, expect, it } from "vitest";
import { createClient } from "@p3pd/sdk";
import { testAdminKey } from "@p3pd/server/testing";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

/** A fetch that records the headers of each request and then really sends it. */
function recordingFetch(): { fetch: typeof fetch; sentHeaders: Headers[] } {
  const sentHeaders: Headers[] = [];
  return {
    sentHeaders,
    fetch: (input, init) => {
      sentHeaders.push(new Headers(init?.headers));
      return fetch(input, init);
    },
  };
}

describe("createClient options", () => {
  it("sends the API key as a Bearer Authorization header, next to extra headers", async () => {
    const recorder = recordingFetch();
    const client = createClient({
      url: api.graphqlUrl,
      apiKey: testAdminKey,
      headers: { "x-partner": "demo", Authorization: "Basic overridden" },
      fetch: recorder.fetch,
    });
    const { curriculumModules } = await client.curriculumModules();
    expect(curriculumModules).toHaveLength(8);
    expect(recorder.sentHeaders).toHaveLength(1);
    expect(recorder.sentHeaders[0]?.get("authorization")).toBe(`Bearer ${testAdminKey}`);
    expect(recorder.sentHeaders[0]?.get("x-partner")).toBe("demo");
  });

  it("sends no Authorization header without an API key", async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: api.graphqlUrl, fetch: recorder.fetch });
    await client.stages();
    expect(recorder.sentHeaders[0]?.has("authorization")).toBe(false);
  });
});
