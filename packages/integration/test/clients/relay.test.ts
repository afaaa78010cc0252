/**
 * Relay against a live server: the Relay compiler accepts the SDL as it stands (a `Node` interface
 * with `id: ID!`, `Query.node(id:)`, connections with `edges`, `cursor` and `pageInfo`) for a
 * `@refetchable` fragment with a `@connection`, and the operations it writes run here: the
 * fragment's refetch query through `node(id:)`, and its next page after the `endCursor`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binOf, run, succeeded } from "../support/partner-project.js";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

let projectDir = "";
beforeAll(async () => {
  projectDir = await mkdtemp(path.join(tmpdir(), "p3pd-relay-"));
  await mkdir(path.join(projectDir, "src"));
  const config = {
    src: "./src",
    // The SDL the SDK ships as @p3pd/sdk/schema.graphql.
    schema: createRequire(import.meta.url).resolve("@p3pd/contract/schema.graphql"),
    language: "javascript",
    eagerEsModules: true,
    customScalarTypes: { Date: "String", DateTime: "String" },
  };
  await writeFile(path.join(projectDir, "relay.config.json"), JSON.stringify(config));
  await writeFile(path.join(projectDir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(
    path.join(projectDir, "src", "villages.js"),
    `graphql\`
  fragment villages_kecamatan on Kecamatan
    @refetchable(queryName: "VillagesRefetchQuery")
    @argumentDefinitions(first: { type: "Int", defaultValue: 3 }, after: { type: "String" }) {
    name
    villages(first: $first, after: $after) @connection(key: "villages_villages") {
      edges { node { id code name } }
    }
  }
\`;
`,
  );
  succeeded(await run(process.execPath, [binOf("relay-compiler", "relay-compiler"), "relay.config.json"], { cwd: projectDir }), "relay-compiler");
});

afterAll(async () => {
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

interface VillagesPage {
  data?: { node?: { name?: string; villages?: { edges: { node: { code: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } };
  errors?: unknown[];
}

/** Sends the text of a compiled Relay operation, as Relay's network layer would. */
async function send(text: string, variables: Record<string, unknown>): Promise<VillagesPage> {
  const response = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: text, variables }) });
  return (await response.json()) as VillagesPage;
}

describe("Relay with the SDL as it is", () => {
  it("compiles a @refetchable fragment with a @connection, and its refetch query pages a kecamatan's villages through node(id:)", async () => {
    const artifact: unknown = (await import(pathToFileURL(path.join(projectDir, "src", "__generated__", "VillagesRefetchQuery.graphql.js")).href)).default;
    const text = typeof artifact === "object" && artifact !== null && "params" in artifact && typeof artifact.params === "object" && artifact.params !== null && "text" in artifact.params ? artifact.params.text : undefined;
    if (typeof text !== "string") return expect.fail("the refetch query's artifact has no params.text");
    expect(text).toContain("node(id: $id)");

    const { kecamatan } = await api.client.kecamatan({ code: "73.71.01", first: 6 });
    if (!kecamatan) return expect.fail("kecamatan 73.71.01 should exist");
    const first = await send(text, { id: kecamatan.id, first: 3 });
    expect(first.errors).toBeUndefined();
    expect(first.data?.node?.name).toBe(kecamatan.name);
    const after = first.data?.node?.villages?.pageInfo.endCursor;
    const second = await send(text, { id: kecamatan.id, first: 3, after });
    expect(second.errors).toBeUndefined();
    const codes = [first, second].flatMap((page) => page.data?.node?.villages?.edges.map((edge) => edge.node.code) ?? []);
    expect(codes).toEqual(kecamatan.villages.nodes.map((village) => village.code));
  });
});
