/**
 * The SDK as a partner gets it: `npm pack`, then an install of the tarball into a brand-new project
 * outside this repository, used there with no TypeScript runner, type-checked by a strict
 * partner's compiler, and bundled into a browser app that headless Chromium runs from another
 * origin than the API. One pack and one install serve every test (the file runs in every CI pass).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createApiKey, sharedDatabase, silentProgress, startServer, unlimitedRates, type RunningServer } from "@p3pd/server/testing";
import { bundleForBrowser, launchChromium, serveStaticSite, type BrowserBundle, type StaticSite } from "../support/browser-page.js";
import { binOf, installIntoNewProject, packSdk, run, succeeded, type PackedSdk } from "../support/partner-project.js";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

let workDir = "";
let packed: PackedSdk;
let projectDir = "";

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "p3pd-sdk-partner-"));
  packed = await packSdk(workDir);
  projectDir = path.join(workDir, "partner-app");
  // @types/node for the Node app's compiler; the browser app's compiles without it. Apollo Client
  // for the app that configures its cache with @p3pd/sdk/apollo (an optional peer of the SDK).
  await installIntoNewProject(packed.tarball, projectDir, ["@types/node", "@apollo/client"]);
  await writePartnerSources(projectDir);
}, 180_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** What the repository's own client gets for the question the partner apps ask. */
async function expectedProvinceLine(): Promise<string> {
  const { province } = await api.client.province({ code: "73" });
  return `${province?.name} has ${province?.kabupatens.totalCount} kabupaten/kota`;
}

describe("the packed @p3pd/sdk", () => {
  it("holds only dist/ (JavaScript, declarations and maps), the README, the CHANGELOG, the SDL and the manifest", () => {
    const shipped = /^(package\.json|README\.md|CHANGELOG\.md|dist\/(schema\.graphql|persisted-operations\.json)|dist\/[\w/-]+\.(js|js\.map|d\.ts))$/;
    expect(packed.files.filter((file) => !shipped.test(file))).toEqual([]);
    expect(packed.files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/index.js.map", "dist/schema.graphql", "dist/persisted-operations.json"]));
    // Each module with its declarations and its source map.
    const modules = packed.files.filter((file) => file.endsWith(".js"));
    const companions = modules.flatMap((file) => [file.replace(/\.js$/, ".d.ts"), `${file}.map`]);
    expect(packed.files).toEqual(expect.arrayContaining(companions));
  });

  it("has no problem publint reports, suggestions included", async () => {
    const tarball = await readFile(packed.tarball);
    const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(tarball).buffer }, level: "suggestion", strict: true });
    expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([]);
  });

  it("has types that resolve for ES-module consumers, by Are the Types Wrong", async () => {
    // esm-only: no CommonJS build on purpose (README, "ES modules only"), so node10 and
    // node16-from-CJS resolution are not checked; ./schema.graphql is a file to read, not a module.
    const attw = await run(
      process.execPath,
      [binOf("@arethetypeswrong/cli", "attw"), packed.tarball, "--profile", "esm-only", "--exclude-entrypoints", "./schema.graphql", "--format", "ascii", "--no-color", "--no-emoji"],
      { cwd: workDir },
    );
    expect(attw.status, attw.stdout + attw.stderr).toBe(0);
    // Every entry point was among those checked, and resolved to types and JavaScript.
    for (const entryPoint of ["@p3pd/sdk", "@p3pd/sdk/apollo", "@p3pd/sdk/urql"]) {
      expect(attw.stdout).toContain(`"${entryPoint}"\n\nnode16 (from ESM): OK (ESM)\nbundler: OK`);
    }
  });
});

describe("the packed @p3pd/sdk installed into a new project", () => {
  it("ships no TypeScript sources: the installed package has dist/ and no src/", async () => {
    const installed = path.join(projectDir, "node_modules", "@p3pd", "sdk");
    const manifest = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8")) as { peerDependencies?: object };
    expect(manifest.peerDependencies).toHaveProperty("graphql");
    await expect(readFile(path.join(installed, "dist", "index.js"), "utf8")).resolves.toContain("createClient");
    await expect(readFile(path.join(installed, "src", "index.ts"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("answers a curated operation under plain node, as an ES module with no TypeScript runner", async () => {
    const result = succeeded(await run(process.execPath, ["esm-app.mjs", api.graphqlUrl], { cwd: projectDir }), "node esm-app.mjs");
    expect(result.stdout.trim()).toBe(await expectedProvinceLine());
  });

  it("answers a curated operation under plain node from CommonJS, through require()", async () => {
    const result = succeeded(await run(process.execPath, ["cjs-app.cjs", api.graphqlUrl], { cwd: projectDir }), "node cjs-app.cjs");
    expect(result.stdout.trim()).toBe(await expectedProvinceLine());
    // Node 22.12+ loads ES modules with require() silently; a warning would reach every partner's logs.
    expect(result.stderr).toBe("");
  });

  it("compiles under strict NodeNext settings (urql's cache options too), rejects a misspelt field, and runs once compiled", async () => {
    const tsc = await compile("tsconfig.nodenext.json");
    expect(tsc.errors).toEqual([expect.stringMatching(/^src\/misspelt\.ts\(\d+,\d+\): error TS2339: Property 'nmae' does not exist/)]);
    const result = succeeded(await run(process.execPath, ["build/node-app.js", api.graphqlUrl], { cwd: projectDir }), "node build/node-app.js");
    const villages = (await api.client.kecamatan({ code: "73.71.01", first: 100 })).kecamatan?.villages.totalCount;
    expect(result.stdout.trim().split("\n")).toEqual([await expectedProvinceLine(), "73.71 is a KOTA", `73.71.01 has ${villages} villages`]);
  });

  it("compiles under strict bundler settings for a browser (DOM types, no Node types; urql's cache options too) and rejects a misspelt field", async () => {
    const tsc = await compile("tsconfig.bundler.json");
    expect(tsc.errors).toEqual([expect.stringMatching(/^src\/misspelt\.ts\(\d+,\d+\): error TS2339: Property 'nmae' does not exist/)]);
  });

  // Apollo Client 4.3's own declarations fail these settings (README, "Apollo Client, urql and
  // Relay"): its incremental/handlers/graphql17Alpha9.d.ts under exactOptionalPropertyTypes, and
  // under NodeNext its dependency @wry/caches, whose .d.ts import "./common" without ".js".
  // Every other file, the SDK's declarations and the partner's code, must compile clean.
  it.each(["nodenext", "bundler"])(
    "configures Apollo Client's InMemoryCache and sends a curated document from @p3pd/sdk/apollo under strict %s settings, skipLibCheck off: no error outside Apollo's own declarations",
    async (resolution) => {
      const tsc = await compile(`tsconfig.apollo-${resolution}.json`);
      expect(tsc.errors.filter((error) => !/^node_modules\/(@apollo\/client|@wry\/caches)\//.test(error))).toEqual([]);
    },
  );
});

describe("the packed @p3pd/sdk bundled into a browser app, on another origin than the API", () => {
  // A limit of its own (the shared servers allow far more than any run spends): the page must
  // show figures that could only come from this server's headers.
  const keyPoints = 500;
  let site: StaticSite | undefined;
  let corsServer: RunningServer | undefined;
  let browser: Browser | undefined;
  let bundle: BrowserBundle;

  beforeAll(async () => {
    bundle = await bundleForBrowser(projectDir, "src/browser-app.ts");
    site = await serveStaticSite({
      "/": { type: "text/html; charset=utf-8", body: '<!doctype html><title>partner</title><pre id="result"></pre><script type="module" src="/app.js"></script>' },
      "/app.js": { type: "text/javascript; charset=utf-8", body: bundle.code },
    });
    corsServer = await startServer({
      database: sharedDatabase(),
      port: 0,
      progress: silentProgress,
      http: { ...unlimitedRates, rateLimitKeyPoints: keyPoints, corsOrigins: [site.origin] },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await corsServer?.close();
    await site?.close();
  });

  it("bundles the installed tarball's dist/, nothing from this repository", () => {
    expect(bundle.inputs).toContain(path.normalize("node_modules/@p3pd/sdk/dist/index.js"));
    expect(bundle.inputs.filter((input) => input.startsWith(".."))).toEqual([]);
  });

  it("runs a query in headless Chromium across origins, and client.rateLimit shows the live limit and remaining points from the response headers", async () => {
    if (!site || !corsServer || !browser) throw new Error("the site, the server and the browser start in beforeAll");
    const apiUrl = `${corsServer.url}/graphql`;
    expect(new URL(apiUrl).origin).not.toBe(site.origin);
    const { key } = await createApiKey(corsServer.prisma, { role: "PARTNER", name: `browser partner ${process.pid} ${Date.now()}` });

    const page = await browser.newPage();
    // Every header as it arrived, exposed or not: what a script could have read if all were.
    const answers: Promise<{ origin: string | undefined; headers: Record<string, string> }>[] = [];
    page.on("response", (response) => {
      const request = response.request();
      if (!request.url().startsWith(apiUrl) || request.method() === "OPTIONS") return;
      answers.push(Promise.all([request.allHeaders(), response.allHeaders()]).then(([sent, headers]) => ({ origin: sent["origin"], headers })));
    });
    await page.goto(`${site.origin}/?${new URLSearchParams({ api: apiUrl, key })}`);
    const result = page.locator("#result");
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).not.toBe("");
    const shown = JSON.parse((await result.textContent()) ?? "") as unknown;
    const answered = await Promise.all(answers);
    await page.close();

    const { stages } = await api.client.stages();
    expect(answered.map((answer) => answer.origin)).toEqual([site.origin, site.origin]);
    const fromHeaders = answered.map(({ headers }) => ({ limit: Number(headers["x-ratelimit-limit"]), remaining: Number(headers["x-ratelimit-remaining"]) }));
    expect(shown).toEqual({ stages: stages.map((stage) => stage.name), rateLimits: fromHeaders.map((figures) => ({ ...figures, resetAt: expect.any(String) })) });
    expect(fromHeaders.map((figures) => figures.limit)).toEqual([keyPoints, keyPoints]);
    // Each query spent points of this key's fresh window.
    const [first, second] = fromHeaders.map((figures) => figures.remaining);
    expect(first).toBeLessThan(keyPoints);
    expect(second).toBeLessThan(first ?? keyPoints);
  });
});

/** Runs this repository's TypeScript on one of the project's configs; gives its error lines. */
async function compile(config: string): Promise<{ errors: string[] }> {
  const result = await run(process.execPath, [binOf("typescript", "tsc"), "-p", config, "--pretty", "false"], { cwd: projectDir });
  return { errors: result.stdout.split("\n").filter((line) => line.includes(": error TS")) };
}

// The strictness a careful partner compiles with; the SDK's declarations must hold up under it
// (skipLibCheck off: they are checked, not trusted).
const strictOptions = {
  target: "ES2023",
  strict: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
};

/** The partner's programs: the same question as plain JavaScript (both module systems) and as TypeScript. */
async function writePartnerSources(dir: string): Promise<void> {
  const files: Record<string, string> = {
    "esm-app.mjs": `import { createClient } from "@p3pd/sdk";
const client = createClient({ url: process.argv[2] });
const { province } = await client.province({ code: "73" });
console.log(\`\${province.name} has \${province.kabupatens.totalCount} kabupaten/kota\`);
`,
    "cjs-app.cjs": `const { createClient } = require("@p3pd/sdk");
const client = createClient({ url: process.argv[2] });
client.province({ code: "73" }).then(({ province }) => {
  console.log(\`\${province.name} has \${province.kabupatens.totalCount} kabupaten/kota\`);
});
`,
    // The README's first call, a union narrowed by __typename and paginate, under strict settings.
    "src/node-app.ts": `import { createClient, KecamatanDocument, P3pdError } from "@p3pd/sdk";

const client = createClient({ url: process.argv[2] ?? "http://127.0.0.1:4000/graphql", apiKey: process.env["P3PD_API_KEY"] });
try {
  const { province } = await client.province({ code: "73" });
  console.log(\`\${province?.name} has \${province?.kabupatens.totalCount} kabupaten/kota\`);
  const { region } = await client.region({ code: "73.71" });
  if (region?.__typename === "Kabupaten") console.log(\`\${region.code} is a \${region.kabupatenKind}\`);
  const villages = await client.paginate(KecamatanDocument, { code: "73.71.01" }, { pageSize: 5 }).collect();
  console.log(\`73.71.01 has \${villages.length} villages\`);
} catch (error) {
  if (error instanceof P3pdError) console.error(error.status, error.message);
  throw error;
}
`,
    // The API's address and the key come from the page's own: it is served from another origin.
    "src/browser-app.ts": `import { createClient, type StagesQuery } from "@p3pd/sdk";

const params = new URLSearchParams(window.location.search);
const client = createClient({
  url: params.get("api") ?? new URL("/graphql", window.location.href).href,
  apiKey: params.get("key") ?? undefined,
  signal: AbortSignal.timeout(10_000),
});
const output = document.getElementById("result");
try {
  const { stages }: StagesQuery = await client.stages();
  const afterFirst = client.rateLimit;
  await client.stages();
  const answer = { stages: stages.map((stage) => stage.name), rateLimits: [afterFirst, client.rateLimit] };
  if (output) output.textContent = JSON.stringify(answer);
} catch (error) {
  if (output) output.textContent = JSON.stringify({ error: String(error) });
}
`,
    // urql's graphcache options from @p3pd/sdk/urql, as the SDK's README writes them.
    "src/urql-cache.ts": `import { connectionResolvers, keys, schema } from "@p3pd/sdk/urql";

export const urqlCacheOptions = { schema, keys, resolvers: connectionResolvers(() => () => null) };
`,
    // Apollo's cache and a curated document from @p3pd/sdk/apollo, as the SDK's README writes them.
    "src/apollo-cache.ts": `import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { possibleTypes, ProvinceDocument, RegionSummaryFragmentDoc, typePolicies } from "@p3pd/sdk/apollo";

export const apolloCache = new InMemoryCache({ possibleTypes, typePolicies });
const client = new ApolloClient({ link: new HttpLink({ uri: "http://127.0.0.1:4000/graphql" }), cache: apolloCache });

export async function provinceName(code: string): Promise<string | undefined> {
  const { data } = await client.query({ query: ProvinceDocument, variables: { code } });
  return data?.province?.name;
}

export const cachedName: string | undefined = apolloCache.readFragment({ fragment: RegionSummaryFragmentDoc, id: "Province:x" })?.name;
`,
    "src/misspelt.ts": `import { createClient } from "@p3pd/sdk";

const client = createClient({ url: "http://127.0.0.1:4000/graphql" });
const { province } = await client.province({ code: "73" });
export const name: string | undefined = province?.nmae;
`,
    "tsconfig.nodenext.json": JSON.stringify({
      compilerOptions: { ...strictOptions, lib: ["ES2023"], types: ["node"], module: "NodeNext", moduleResolution: "NodeNext", outDir: "build", rootDir: "src" },
      files: ["src/node-app.ts", "src/urql-cache.ts", "src/misspelt.ts"],
    }),
    "tsconfig.bundler.json": JSON.stringify({
      compilerOptions: { ...strictOptions, lib: ["ES2023", "DOM"], types: [], module: "ESNext", moduleResolution: "bundler", noEmit: true },
      files: ["src/browser-app.ts", "src/urql-cache.ts", "src/misspelt.ts"],
    }),
    "tsconfig.apollo-nodenext.json": JSON.stringify({
      compilerOptions: { ...strictOptions, lib: ["ES2023", "DOM"], types: [], module: "NodeNext", moduleResolution: "NodeNext", noEmit: true },
      files: ["src/apollo-cache.ts"],
    }),
    "tsconfig.apollo-bundler.json": JSON.stringify({
      compilerOptions: { ...strictOptions, lib: ["ES2023", "DOM"], types: [], module: "ESNext", moduleResolution: "bundler", noEmit: true },
      files: ["src/apollo-cache.ts"],
    }),
  };
  await mkdir(path.join(dir, "src"), { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
}
