/**
 * What the SDK costs a partner's browser bundle (`npm run size -w @p3pd/sdk`; `-- --save` also
 * writes scripts/results/bundle-size.json). Each case is a small app bundled with esbuild for the
 * browser with every dependency in (graphql included), minified and gzipped, in the same run:
 *
 * - the floor: graphql-request's own GraphQLClient sending one string document, what any app that
 *   talks GraphQL through graphql-request pays anyway;
 * - `createClient` and one curated operation called as its method;
 * - `createRequestClient` and one curated document, the way to ship only the operations used;
 * - the whole SDK, every export kept;
 * - the cache configurations of `@p3pd/sdk/apollo` and `@p3pd/sdk/urql`, each alone: what an app
 *   that imports one adds (the main entry's figures hold none of it); and `@p3pd/sdk/apollo`'s
 *   cache configuration with one curated document as the syntax tree Apollo takes.
 *
 * Exits with 1 when a goal is missed: one operation (through `createRequestClient`) at most 1.5 kB
 * gzipped over the floor, the whole SDK at most 20 kB gzipped.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const sdkDir = fileURLToPath(new URL("..", import.meta.url));
const goals = { overFloorGzip: 1_500, wholeSdkGzip: 20_000 };

const apps = {
  floor: `import { GraphQLClient } from "graphql-request";
new GraphQLClient("/graphql").request("query Province($code: String!) { province(code: $code) { name } }", { code: "73" }).then(console.log);`,
  oneMethod: `import { createClient } from "@p3pd/sdk";
createClient({ url: "/graphql" }).province({ code: "73" }).then(console.log);`,
  oneDocument: `import { createRequestClient, ProvinceDocument } from "@p3pd/sdk";
createRequestClient({ url: "/graphql" }).request(ProvinceDocument, { code: "73" }).then(console.log);`,
  wholeSdk: `export * from "@p3pd/sdk";`,
  apolloConfig: `export { connectionPagination, possibleTypes, typePolicies } from "@p3pd/sdk/apollo";`,
  apolloOneDocument: `export { possibleTypes, ProvinceDocument, typePolicies } from "@p3pd/sdk/apollo";`,
  urqlConfig: `export * from "@p3pd/sdk/urql";`,
} as const;

interface Size {
  minified: number;
  gzipped: number;
  /** Minified bytes of the curated documents (src/generated/persisted-documents.ts) in the bundle. */
  curatedDocuments: number;
}

async function bundleSize(contents: string): Promise<Size> {
  const { outputFiles, metafile } = await build({
    stdin: { contents, resolveDir: sdkDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    // The browser platform fails the build on any node: import, keeping the runtime browser-safe.
    platform: "browser",
    target: "es2022",
    // The SDK's sources, as in the rest of the repository; dist/ is the same code compiled by tsc.
    conditions: ["@p3pd/source"],
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const [bundle] = outputFiles;
  if (!bundle) throw new Error("esbuild produced no output");
  const inputs = Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {});
  const curatedDocuments = inputs.find(([file]) => file.endsWith("src/generated/persisted-documents.ts"))?.[1].bytesInOutput ?? 0;
  return { minified: bundle.contents.length, gzipped: gzipSync(bundle.contents, { level: 9 }).length, curatedDocuments };
}

const floor = await bundleSize(apps.floor);
const oneMethod = await bundleSize(apps.oneMethod);
const oneDocument = await bundleSize(apps.oneDocument);
const wholeSdk = await bundleSize(apps.wholeSdk);
const apolloConfig = await bundleSize(apps.apolloConfig);
const apolloOneDocument = await bundleSize(apps.apolloOneDocument);
const urqlConfig = await bundleSize(apps.urqlConfig);
const overFloor = oneDocument.gzipped - floor.gzipped;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const row = (label: string, size: Size) => `${label.padEnd(52)}${kb(size.minified).padStart(10)}${kb(size.gzipped).padStart(10)}\n`;
process.stdout.write(
  `${"browser bundle, every dependency in".padEnd(52)}${"minified".padStart(10)}${"gzipped".padStart(10)}\n` +
    row("graphql-request GraphQLClient + one string document", floor) +
    row("@p3pd/sdk createClient + one method (province)", oneMethod) +
    row("@p3pd/sdk createRequestClient + ProvinceDocument", oneDocument) +
    row("@p3pd/sdk, every export", wholeSdk) +
    row("@p3pd/sdk/apollo (possibleTypes, typePolicies)", apolloConfig) +
    row("@p3pd/sdk/apollo, the same + ProvinceDocument (tree)", apolloOneDocument) +
    row("@p3pd/sdk/urql (schema, keys, connectionResolvers)", urqlConfig) +
    `createRequestClient + one document over the floor: ${kb(overFloor)} gzipped (goal at most ${kb(goals.overFloorGzip)}); ` +
    `curated documents in it: ${kb(oneDocument.curatedDocuments)} minified (${kb(oneMethod.curatedDocuments)} with createClient)\n` +
    `the whole SDK: ${kb(wholeSdk.gzipped)} gzipped (goal at most ${kb(goals.wholeSdkGzip)})\n`,
);

if (process.argv.includes("--save")) {
  const resultsDir = new URL("results/", import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  const results = { measuredOn: new Date().toISOString().slice(0, 10), node: process.version, floor, oneMethod, oneDocument, wholeSdk, apolloConfig, apolloOneDocument, urqlConfig, overFloorGzipped: overFloor, goals };
  await writeFile(new URL("bundle-size.json", resultsDir), `${JSON.stringify(results, null, 2)}\n`);
}

const missed = [
  overFloor > goals.overFloorGzip && `createRequestClient + one document is ${kb(overFloor - goals.overFloorGzip)} over its goal`,
  wholeSdk.gzipped > goals.wholeSdkGzip && `the whole SDK is ${kb(wholeSdk.gzipped - goals.wholeSdkGzip)} over its goal`,
].filter((message) => typeof message === "string");
if (missed.length > 0) {
  process.stderr.write(`${missed.join("; ")}.\n`);
  process.exitCode = 1;
}
