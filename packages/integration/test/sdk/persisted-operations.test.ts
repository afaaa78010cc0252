import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphQLServer, sharedPrisma, unlimitedRates } from "@p3pd/server/testing";
import { createClient, createRequestClient, ForbiddenError, KecamatanDocument, ProvinceDocument, type ClientOptions, type TypedDocumentText } from "@p3pd/sdk";
import { useLiveApi } from "../support/live-api.js";
import { rejectionAs } from "../support/rejection.js";
import { ok, startScriptedServer } from "../support/scripted-server.js";

/** The JSON bodies a client sent, in order. */
interface SentBody {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: { persistedQuery?: { version: number; sha256Hash: string } };
}

/**
 * A fetch that records each request's JSON body, after `rewrite` (by default none) has had its
 * say, and then really sends it.
 */
function recordingFetch(rewrite: (body: SentBody) => SentBody = (body) => body): { fetch: typeof fetch; sent: SentBody[] } {
  const sent: SentBody[] = [];
  return {
    sent,
    fetch: (input, init) => {
      const body = rewrite(JSON.parse(String(init?.body)) as SentBody);
      sent.push(body);
      return fetch(input, { ...init, body: JSON.stringify(body) });
    },
  };
}

/** What a client newer than the server sends: a hash the server's manifest does not have. */
const unknownToTheServer = (body: SentBody): SentBody =>
  body.extensions?.persistedQuery ? { ...body, extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } } : body;

/** The hash a curated document is persisted under: the sha256 of its text (the SDK's own tests prove its documents carry exactly this). */
const hashOf = (text: string): string => createHash("sha256").update(text).digest("hex");
const makassarKecamatan = { code: "73.71.01", first: 3 };
type NoVariables = Record<string, never>;
const customQuery = parse('query KecamatanName { kecamatan(code: "73.71.01") { name } }') as TypedDocumentNode<
  { kecamatan: { name: string } | null },
  NoVariables
>;

describe("persisted operations against a server that also allows text", () => {
  const api = useLiveApi();
  const clientWith = (options: Omit<ClientOptions, "url">) => createClient({ url: api.graphqlUrl, ...options });

  it("sends a generated method as its hash, without the text, and gets what the text gets", async () => {
    const persisted = recordingFetch();
    const asText = recordingFetch();
    const byHash = await clientWith({ fetch: persisted.fetch }).kecamatan(makassarKecamatan);
    const byText = await clientWith({ fetch: asText.fetch, persistedOperations: false }).kecamatan(makassarKecamatan);

    expect(persisted.sent).toEqual([
      {
        operationName: "Kecamatan",
        variables: makassarKecamatan,
        extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(KecamatanDocument) } },
      },
    ]);
    expect(asText.sent).toEqual([{ query: KecamatanDocument, operationName: "Kecamatan", variables: makassarKecamatan }]);
    expect(byHash).toEqual(byText);
    expect(byHash.kecamatan?.villages.totalCount).toBe(9);
  });

  it("sends a curated document as its hash from a client without methods (createRequestClient)", async () => {
    const recorder = recordingFetch();
    const client = createRequestClient({ url: api.graphqlUrl, fetch: recorder.fetch });
    const { kecamatan } = await client.request(KecamatanDocument, makassarKecamatan);
    expect(kecamatan?.villages.totalCount).toBe(9);
    expect(recorder.sent).toEqual([
      { operationName: "Kecamatan", variables: makassarKecamatan, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(KecamatanDocument) } } },
    ]);
    expect(client).not.toHaveProperty("kecamatan");
  });

  it("sends a curated document as its hash through paginate too, page after page", async () => {
    const recorder = recordingFetch();
    const villages = await clientWith({ fetch: recorder.fetch }).paginate(KecamatanDocument, { code: "73.71.01" }, { pageSize: 5 }).collect();
    expect(villages).toHaveLength(9);
    expect(recorder.sent).toHaveLength(2);
    for (const body of recorder.sent) {
      expect(body.query).toBeUndefined();
      expect(body.extensions?.persistedQuery?.sha256Hash).toBe(hashOf(KecamatanDocument));
    }
  });

  it("sends a custom document as its text", async () => {
    const recorder = recordingFetch();
    const { kecamatan } = await clientWith({ fetch: recorder.fetch }).request(customQuery);
    expect(kecamatan?.name).toBe("Mariso");
    expect(recorder.sent).toEqual([{ query: print(customQuery), operationName: "KecamatanName" }]);
  });

  it("sends a custom document given as typed text as that text, not as a hash", async () => {
    const recorder = recordingFetch();
    const customText = print(customQuery) as TypedDocumentText<{ kecamatan: { name: string } | null }, NoVariables>;
    const { kecamatan } = await clientWith({ fetch: recorder.fetch }).request(customText);
    expect(kecamatan?.name).toBe("Mariso");
    expect(recorder.sent).toEqual([{ query: customText, operationName: "KecamatanName" }]);
  });

  it("resends the call as text, at once, when the server does not know the hash", async () => {
    const recorder = recordingFetch(unknownToTheServer);
    const { province } = await clientWith({ fetch: recorder.fetch, retry: false }).province({ code: "73", first: 2 });
    expect(province?.name).toBe("Sulawesi Selatan");
    expect(recorder.sent.map(({ query, extensions }) => ({ text: query !== undefined, hash: extensions !== undefined }))).toEqual([
      { text: false, hash: true },
      { text: true, hash: false },
    ]);
    expect(recorder.sent[1]?.query).toBe(ProvinceDocument);
  });
});

describe("the fallback to text", () => {
  const notFound = {
    status: 400,
    body: { errors: [{ message: "No persisted operation has the hash …", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] },
  };

  it("also resends a mutation, which nothing ran the first time, though mutations are never retried", async () => {
    const server = await startScriptedServer([notFound, ok({ cancelTraining: { __typename: "NotFoundError" } })]);
    const client = createClient({ url: server.url });
    expect(await client.cancelTraining({ id: "VHJhaW5pbmc6MA==" })).toEqual({ cancelTraining: { __typename: "NotFoundError" } });
    const bodies = server.requests.map(({ body }) => JSON.parse(body) as SentBody);
    expect(bodies.map((body) => body.query === undefined)).toEqual([true, false]);
  });

  it("is decided afresh on every call: the next call sends the hash again", async () => {
    const answer = ok({ stages: [] });
    const server = await startScriptedServer([notFound, answer, answer]);
    const client = createClient({ url: server.url });
    await client.stages();
    await client.stages();
    const bodies = server.requests.map(({ body }) => JSON.parse(body) as SentBody);
    expect(bodies.map((body) => (body.query === undefined ? "hash" : "text"))).toEqual(["hash", "text", "hash"]);
  });
});

describe("persisted operations against a server that allows them only", () => {
  const prisma = sharedPrisma();
  const server: Server = createServer(
    createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true }, { allowArbitraryOperations: () => false, ...unlimitedRates }),
  );
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await prisma.$disconnect();
  });

  it("answers the generated methods, which send hashes", async () => {
    const { kecamatan } = await createClient({ url }).kecamatan(makassarKecamatan);
    expect(kecamatan?.name).toBe("Mariso");
  });

  it("refuses a custom document with a ForbiddenError coded PERSISTED_QUERY_ONLY", async () => {
    const error = await rejectionAs(createClient({ url }).request(customQuery), ForbiddenError);
    expect(error.graphQLErrors[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_ONLY");
    expect(error.message).toMatch(/^This caller may send persisted operations only/);
  });

  it("refuses the fallback to text too, so a client newer than the server gets a ForbiddenError", async () => {
    const recorder = recordingFetch(unknownToTheServer);
    const error = await rejectionAs(createClient({ url, fetch: recorder.fetch }).stages(), ForbiddenError);
    expect(error.graphQLErrors[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_ONLY");
    expect(recorder.sent).toHaveLength(2);
  });
});
