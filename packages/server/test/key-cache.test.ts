import { afterAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "../src/access/api-keys.js";
import { KeyCache, keyCacheMs } from "../src/access/key-cache.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { createTestApi } from "./support/graphql-api.js";
import { sharedDatabase } from "./support/shared-database.js";

/** Each process trusts a key's row it read for keyCacheMs (src/access/key-cache.ts). */
const statements: string[] = [];
const api = createTestApi(createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) }));
afterAll(() => api.close());

const marker = `kc${process.pid}x${Date.now().toString(36)}`;
const keyLookups = () => statements.filter((sql) => /FROM api_key WHERE prefix/.test(sql)).length;
const viewerStatus = async (key: string) => (await api.fetch("/graphql", {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
  body: JSON.stringify({ query: "{ viewer { role } }" }),
})).status;

describe("API keys read once per 2 s", () => {
  it("a key's requests within the window cost one lookup of its row", async () => {
    const { key } = await createApiKey(api.prisma, { role: "PARTNER", name: `cached ${marker}` });
    statements.length = 0;
    for (let n = 0; n < 3; n++) expect(await viewerStatus(key)).toBe(200);
    expect(keyLookups()).toBe(1);
  });

  it("revokeApiKey refuses the key from its next request in the process that revoked it, though its row was just read", async () => {
    const { key, apiKey } = await createApiKey(api.prisma, { role: "PARTNER", name: `revoked here ${marker}` });
    expect(await viewerStatus(key)).toBe(200);
    const revoked = await api.query<{ revokeApiKey: { __typename: string } }>(`mutation ($id: String!) { revokeApiKey(idOrPrefix: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }`, { id: apiKey.id });
    expect(revoked.errors, JSON.stringify(revoked.errors)).toBeUndefined();
    expect(revoked.data?.revokeApiKey.__typename).toBe("RevokeApiKeySuccess");
    expect(await viewerStatus(key)).toBe(401);
  });

  it("revokeApiKey answered with its __typename alone revokes the key (an empty selection once made it fail and roll back)", async () => {
    const { key, apiKey } = await createApiKey(api.prisma, { role: "PARTNER", name: `revoked tersely ${marker}` });
    const revoked = await api.query<{ revokeApiKey: { __typename: string } }>(`mutation ($id: String!) { revokeApiKey(idOrPrefix: $id) { __typename } }`, { id: apiKey.id });
    expect(revoked).toMatchObject({ data: { revokeApiKey: { __typename: "RevokeApiKeySuccess" } } });
    expect(revoked.errors).toBeUndefined();
    expect(await viewerStatus(key)).toBe(401);
  });

  it("a key revoked elsewhere (as by `p3pd keys revoke`) is refused once its row is older than the window", async () => {
    const { key, apiKey } = await createApiKey(api.prisma, { role: "PARTNER", name: `revoked elsewhere ${marker}` });
    expect(await viewerStatus(key)).toBe(200);
    // The domain function, as the CLI calls it: nothing tells this process's servers.
    await revokeApiKey(api.prisma, apiKey.id);
    const revokedAt = Date.now();
    while ((await viewerStatus(key)) === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    // The status polled is 401 by now; a request sent after the window must have read the row again.
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(keyCacheMs + 1_000);
    expect(await viewerStatus(key)).toBe(401);
  });
});

describe("KeyCache", () => {
  it("keeps nothing of a read that was under way when the key was forgotten", async () => {
    let release: (row: string) => void = () => {};
    let reads = 0;
    const cache = new KeyCache<string>((prefix) => {
      reads++;
      return reads === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(`${prefix} read again`);
    });
    const first = cache.get("p3pd_A");
    cache.forget("p3pd_A");
    release("p3pd_A as before the revocation");
    expect(await first).toBe("p3pd_A as before the revocation");
    expect(await cache.get("p3pd_A")).toBe("p3pd_A read again");
    expect(reads).toBe(2);
  });

  it("does not keep a key that has no row, so a key made a moment later works at once", async () => {
    const rows = new Map<string, string>();
    const cache = new KeyCache<string>(async (prefix) => rows.get(prefix));
    expect(await cache.get("p3pd_B")).toBeUndefined();
    rows.set("p3pd_B", "made");
    expect(await cache.get("p3pd_B")).toBe("made");
  });
});
