/**
 * Apollo Client 4, as a partner's app uses it, against a live server: a refusal the server answers
 * before GraphQL runs (a bad key's 401, a spent rate limit's 429) reaches the app as the GraphQL
 * errors the server sent, with their codes, not as a bare ServerError.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { createApiKey, sharedDatabase, silentProgress, startServer, unlimitedRates, type RunningServer } from "@p3pd/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: RunningServer;
beforeAll(async () => {
  // One point a window: a fresh key's second query is over its limit.
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, http: { ...unlimitedRates, rateLimitKeyPoints: 1 } });
});
afterAll(() => server?.close());

const stagesQuery = gql`
  query Stages {
    stages {
      number
    }
  }
`;

/** A client as the Apollo docs set one up, recording the Accept header Apollo itself sends. */
function apolloClient(authorization: string, sentAccepts: string[]) {
  const link = new HttpLink({
    uri: `${server.url}/graphql`,
    headers: { authorization },
    fetch: (input, init) => {
      sentAccepts.push(new Headers(init?.headers).get("accept") ?? "");
      return fetch(input, init);
    },
  });
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

/** What the query rejects with (it must reject). */
async function refusal(client: ApolloClient): Promise<unknown> {
  try {
    await client.query({ query: stagesQuery, fetchPolicy: "network-only" });
  } catch (error) {
    return error;
  }
  throw new Error("the query was answered");
}

describe("Apollo Client 4 against a live server", () => {
  it("gets a revoked or unknown key's 401 as CombinedGraphQLErrors with the code UNAUTHENTICATED", async () => {
    const sentAccepts: string[] = [];
    const error = await refusal(apolloClient("Bearer p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", sentAccepts));
    expect(sentAccepts).toEqual([expect.stringContaining("application/graphql-response+json")]);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    if (!CombinedGraphQLErrors.is(error)) return;
    expect(error.errors.map((graphQLError) => graphQLError.extensions?.["code"])).toEqual(["UNAUTHENTICATED"]);
  });

  it("gets a spent rate limit's 429 as CombinedGraphQLErrors with the code RATE_LIMITED", async () => {
    const { key } = await createApiKey(server.prisma, { role: "PARTNER", name: `apollo partner ${process.pid} ${Date.now()}` });
    const sentAccepts: string[] = [];
    const client = apolloClient(`Bearer ${key}`, sentAccepts);
    await expect(client.query({ query: stagesQuery })).resolves.toMatchObject({ data: { stages: expect.any(Array) } });
    const error = await refusal(client);
    expect(sentAccepts).toHaveLength(2);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    if (!CombinedGraphQLErrors.is(error)) return;
    expect(error.errors.map((graphQLError) => graphQLError.extensions?.["code"])).toEqual(["RATE_LIMITED"]);
  });
});
