import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { graphql } from "../../src/generated/gql/index.js";
import {
  AuthenticationError,
  BadUserInputError,
  createClient,
  ForbiddenError,
  graphQLErrorsOf,
  P3pdError,
} from "@p3pd/sdk";
import { createApiKey } from "@p3pd/server/testing";
import { useLiveApi } from "../support/live-api.js";
import { rejectionAs } from "../support/rejection.js";

const api = useLiveApi();
/** A well-formed global ID of a training that does not exist: the refusal comes before any lookup. */
const someTrainingId = Buffer.from("Training:00000000-0000-7000-8000-000000000000").toString("base64");

// Any mutation will do: the API checks the key before it runs one, so nothing is written.
const cancelTraining = graphql(`
  mutation CancelTraining($id: ID!) {
    cancelTraining(id: $id) {
      __typename
    }
  }
`);

// Three nested pages of 100: over the server's worst-case node limit, refused before it runs.
const tooManyNodes = parse(`{
  provinces(first: 100) { nodes { kabupatens(first: 100) { nodes { kecamatans(first: 100) { nodes { code } } } } } }
}`) as TypedDocumentNode<unknown, Record<string, never>>;

describe("errors from the live API", () => {
  it("rejects a query over the server's node limit with BadUserInputError (QUERY_TOO_COMPLEX)", async () => {
    const error = await rejectionAs(api.client.request(tooManyNodes), BadUserInputError);
    expect(error.graphQLErrors[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(error.message).toMatch(/more than the limit of 500,000/);
  });

  it("rejects a malformed province code with BadUserInputError carrying the raw GraphQL errors", async () => {
    const error = await rejectionAs(api.client.province({ code: "7x" }), BadUserInputError);
    expect(error).toBeInstanceOf(P3pdError);
    expect(error.graphQLErrors).toEqual([
      expect.objectContaining({
        message: '"7x" is not a province code: expected the shape "73".',
        path: ["province"],
        extensions: { code: "BAD_USER_INPUT" },
      }),
    ]);
    expect(error.message).toBe('"7x" is not a province code: expected the shape "73".');
    expect(graphQLErrorsOf(error)).toEqual([{ code: "BAD_USER_INPUT", message: error.message }]);
  });

  it("rejects a page size the API does not accept with BadUserInputError", async () => {
    const error = await rejectionAs(api.client.provinces({ first: 1000 }), BadUserInputError);
    expect(graphQLErrorsOf(error).map((e) => e.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects a cursor the API did not issue with BadUserInputError", async () => {
    const error = await rejectionAs(api.client.kecamatan({ code: "73.71.01", after: "not-a-cursor" }), BadUserInputError);
    expect(graphQLErrorsOf(error).map((e) => e.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects a custom document asking for a field the schema lacks with BadUserInputError", async () => {
    const misspelt = parse('query { province(code: "73") { nmae } }') as TypedDocumentNode<
      { province: { nmae: string } | null },
      Record<string, never>
    >;
    const error = await rejectionAs(api.client.request(misspelt), BadUserInputError);
    expect(error.status).toBe(400);
    expect(graphQLErrorsOf(error)).toEqual([
      { code: "GRAPHQL_VALIDATION_FAILED", message: expect.stringContaining('Cannot query field "nmae" on type "Province"') },
    ]);
  });

  it("rejects a mutation sent without an API key with AuthenticationError (UNAUTHENTICATED)", async () => {
    const error = await rejectionAs(api.client.request(cancelTraining, { id: someTrainingId }), AuthenticationError);
    expect(graphQLErrorsOf(error)).toEqual([{ code: "UNAUTHENTICATED", message: expect.stringContaining("needs a STAFF or ADMIN key") }]);
  });

  it("rejects a mutation sent with a key that may not write with ForbiddenError (FORBIDDEN)", async () => {
    const { key } = await createApiKey(api.server.prisma, { role: "PARTNER", name: "SDK errors test" });
    const client = createClient({ url: api.graphqlUrl, apiKey: key });
    const error = await rejectionAs(client.request(cancelTraining, { id: someTrainingId }), ForbiddenError);
    expect(graphQLErrorsOf(error)).toEqual([
      { code: "FORBIDDEN", message: "Mutation.cancelTraining needs a STAFF or ADMIN key; this request uses a PARTNER key." },
    ]);
  });

  it("rejects a key the server does not know with AuthenticationError from its 401", async () => {
    const client = createClient({ url: api.graphqlUrl, apiKey: "p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" });
    const error = await rejectionAs(client.stages(), AuthenticationError);
    expect(error.status).toBe(401);
    expect(graphQLErrorsOf(error)).toEqual([{ code: "UNAUTHENTICATED", message: "The API key p3pd_AAAAAAAA is not valid." }]);
  });
});
