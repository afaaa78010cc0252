import { describe, expect, it } from "vitest";
import { ClientError, createClient, graphQLErrorsOf } from "../src/index.js";
import { useLiveApi } from "./support/live-api.js";

const api = useLiveApi();

/** The rejection of `promise`, failing the test if it resolves instead. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

describe("errors over HTTP", () => {
  it("rejects a malformed province code with a GraphQL error coded BAD_USER_INPUT", async () => {
    const error = await rejectionOf(api.client.province({ code: "7x" }));
    expect(error).toBeInstanceOf(ClientError);
    const errors = error instanceof ClientError ? (error.response.errors ?? []) : [];
    expect(errors.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(graphQLErrorsOf(error)).toEqual([
      { code: "BAD_USER_INPUT", message: expect.stringContaining('"7x" is not a province code') },
    ]);
  });

  it("rejects a page size the API does not accept with BAD_USER_INPUT", async () => {
    const error = await rejectionOf(api.client.provinces({ first: 1000 }));
    expect(graphQLErrorsOf(error).map((e) => e.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects a cursor the API did not issue with BAD_USER_INPUT", async () => {
    const error = await rejectionOf(api.client.kecamatan({ code: "73.71.01", after: "not-a-cursor" }));
    expect(graphQLErrorsOf(error).map((e) => e.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects with no GraphQL errors when the server cannot be reached", async () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    const unreachable = createClient({ url: "http://127.0.0.1:9/graphql" });
    const error = await rejectionOf(unreachable.stages());
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ClientError);
    expect(graphQLErrorsOf(error)).toEqual([]);
  });
});
