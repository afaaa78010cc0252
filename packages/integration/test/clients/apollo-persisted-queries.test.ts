/**
 * Apollo Client 4's automatic persisted queries (`createPersistedQueryLink` with `sha256` from
 * crypto-hash, as Apollo's docs set it up) against a live server: the first request of a query
 * registers its hash, and every later one is a single request carrying the hash alone. A key
 * limited to persisted operations cannot register one.
 */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { createApiKey } from "@p3pd/server/testing";
import { sha256 } from "crypto-hash";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

interface SentBody {
  query?: string;
  extensions?: { persistedQuery?: { sha256Hash?: string } };
}

/** A client with APQ whose every request body is recorded as it went. */
function apqClient(authorization?: string) {
  const sent: SentBody[] = [];
  const link = createPersistedQueryLink({ sha256 }).concat(
    new HttpLink({
      uri: api.graphqlUrl,
      headers: authorization ? { authorization } : {},
      fetch: (input, init) => {
        sent.push(typeof init?.body === "string" ? (JSON.parse(init.body) as SentBody) : {});
        return fetch(input, init);
      },
    }),
  );
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

/** What a body carried: its text, its hash, or both. */
const shapeOf = (body: SentBody) => [body.query === undefined ? "" : "text", body.extensions?.persistedQuery?.sha256Hash ? "hash" : ""].filter(Boolean).join("+");

// Another document each run, so the server has not registered it already (parsed, not a gql tag:
// codegen types the tagged documents of the tests, and this one is made at run time).
const provinceName = () => parse(`query ApqProvince${process.pid}${Date.now()} { province(code: "73") { name } }`);

describe("Apollo's automatic persisted queries against a live server", () => {
  it("registers the hash on the first query (hash, then text with hash), then sends each later query as one request with the hash alone", async () => {
    const query = provinceName();
    const { client, sent } = apqClient();
    await expect(client.query({ query, fetchPolicy: "network-only" })).resolves.toMatchObject({ data: { province: { name: "Sulawesi Selatan" } } });
    expect(sent.map(shapeOf)).toEqual(["hash", "text+hash"]);

    sent.length = 0;
    await expect(client.query({ query, fetchPolicy: "network-only" })).resolves.toMatchObject({ data: { province: { name: "Sulawesi Selatan" } } });
    // Another client (another tab, another user) finds it registered too.
    const other = apqClient();
    await expect(other.client.query({ query, fetchPolicy: "network-only" })).resolves.toMatchObject({ data: { province: { name: "Sulawesi Selatan" } } });
    expect([...sent, ...other.sent].map(shapeOf)).toEqual(["hash", "hash"]);
  });

  it("does not register a query for a key limited to persisted operations: it is refused with PERSISTED_QUERY_ONLY, and the hash stays unknown", async () => {
    const query = provinceName();
    const { key } = await createApiKey(api.server.prisma, { role: "PARTNER", name: `apq persisted-only ${process.pid} ${Date.now()}`, persistedOnly: true });
    const limited = apqClient(`Bearer ${key}`);
    const { error } = await limited.client.query({ query, fetchPolicy: "network-only", errorPolicy: "all" });
    expect(error?.message).toContain("persisted operations only");
    expect(limited.sent.map(shapeOf)).toEqual(["hash", "text+hash"]);

    // Nothing was registered: a caller that may send text still needs two requests.
    const { client, sent } = apqClient();
    await client.query({ query, fetchPolicy: "network-only" });
    expect(sent.map(shapeOf)).toEqual(["hash", "text+hash"]);
  });
});
