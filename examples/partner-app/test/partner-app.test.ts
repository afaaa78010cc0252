import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createClient,
  RegionsDocument,
  RegionTrainingsDocument,
  type P3pdClient,
  type TrainingSummaryFragment,
} from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../../packages/server/src/http/start-server.js";
import { silentProgress } from "../../../packages/server/src/progress.js";
import { createApiKey } from "../../../packages/server/src/access/api-keys.js";
import { testAdminKey } from "../../../packages/server/test/support/graphql-api.js";
import { sharedDatabase, unlimitedRates } from "../../../packages/server/test/support/shared-database.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const mainScript = path.join("examples", "partner-app", "src", "main.ts");

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the example CLI as a partner would, in its own Node process. */
function runPartnerApp(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", mainScript, ...args], {
      cwd: repoRoot,
      env: { ...process.env, P3PD_URL: undefined, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** The printed rows (children, matches, trainings): the cells of each indented line, 2+ spaces apart. */
function printedRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => line.trim().split(/\s{2,}/));
}

// The server accepts the test admin key, so the tests can hold a training to list. What they
// write carries `marker` in its title and is deleted afterwards.
const marker = `Partner app ${randomBytes(4).toString("hex")}`;

let server: RunningServer;
let graphqlUrl: string;
let client: P3pdClient;
let partnerKey: string;

beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
  graphqlUrl = `${server.url}/graphql`;
  client = createClient({ url: graphqlUrl, apiKey: testAdminKey });
  partnerKey = (await createApiKey(server.prisma, { role: "PARTNER", name: "partner-app example test" })).key;
});
afterAll(async () => {
  if (!server) return;
  await server.prisma.training.deleteMany({ where: { title: { contains: marker } } });
  await server.close();
});

describe("the partner-app example", () => {
  it("prints every village of kecamatan 73.71.01 with its kind", async () => {
    const { kecamatan } = await client.kecamatan({ code: "73.71.01", first: 100 });
    const villages = kecamatan?.villages.nodes ?? [];
    expect(villages.length).toBeGreaterThan(0);

    const run = await runPartnerApp(["73.71.01", "--url", graphqlUrl]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Kecamatan 73.71.01 Mariso");
    expect(lines).toContain(`${villages.length} villages:`);
    expect(printedRows(run.stdout)).toEqual(villages.map((village) => [village.code, village.name, village.kind]));
  });

  it("follows endCursor past the first page, printing all villages of the largest kecamatan", async () => {
    const [largest] = await server.prisma.village.groupBy({
      by: ["kecamatanCode"],
      _count: true,
      orderBy: { _count: { code: "desc" } },
      take: 1,
    });
    // Only a kecamatan with more than one page (100) of villages proves the paging.
    expect(largest?._count).toBeGreaterThan(100);
    const stored = await server.prisma.village.findMany({
      where: { kecamatanCode: largest?.kecamatanCode },
      orderBy: { code: "asc" },
      select: { code: true },
    });

    const run = await runPartnerApp([largest?.kecamatanCode ?? "", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(0);
    expect(printedRows(run.stdout).map(([code]) => code)).toEqual(stored.map((village) => village.code));
  });

  it("prints a kabupaten's kecamatans with village counts, reading the URL from P3PD_URL", async () => {
    const { kabupaten } = await client.kabupaten({ code: "73.71", first: 100 });
    const run = await runPartnerApp(["73.71"], { P3PD_URL: graphqlUrl });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("Kabupaten/kota 73.71 Kota Makassar (KOTA)");
    expect(printedRows(run.stdout)).toEqual(
      (kabupaten?.kecamatans.nodes ?? []).map(({ code, name, villages }) => [code, name, `villages: ${villages.totalCount}`]),
    );
  });

  it("prints a province's kabupatens with kind and kecamatan counts", async () => {
    const { province } = await client.province({ code: "73", first: 100 });
    const run = await runPartnerApp(["73", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${province?.kabupatens.totalCount} kabupaten/kota:`);
    expect(printedRows(run.stdout)).toEqual(
      (province?.kabupatens.nodes ?? []).map(({ code, name, kind, kecamatans }) => [
        code,
        name,
        `${kind}, kecamatan: ${kecamatans.totalCount}`,
      ]),
    );
  });

  it("exits with 1 and says what shape a code must have when the code is malformed", async () => {
    const run = await runPartnerApp(["7x", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      'Error: "7x" is not a region code: expected one of the shapes "73", "73.71", "73.71.01", "73.71.01.1001".\n',
    );
  });

  it("exits with 1 and says so when no region has a well-formed code", async () => {
    const run = await runPartnerApp(["73.71.99", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('Error: no region has the code "73.71.99".\n');
  });

  it("exits with 1 and prints the usage when no code is given", async () => {
    const run = await runPartnerApp(["--url", graphqlUrl]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("expected exactly one region code");
    expect(run.stderr).toContain("Usage:");
  });
});

describe("the partner-app example's search", () => {
  it("prints every region of any level whose name matches, across pages, with code, level and name", async () => {
    const text = "makmur";
    const { regions } = await client.regions({ search: text, first: 1 });
    // More than one page (100) of matches proves the paging.
    expect(regions.totalCount).toBeGreaterThan(100);
    const found = await client.paginate(RegionsDocument, { search: text }).collect();
    expect(new Set(found.map((region) => region.level)).size).toBeGreaterThan(1);

    const run = await runPartnerApp(["--search", text, "--url", graphqlUrl]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`Regions whose name contains "${text}" (${regions.totalCount}):`);
    expect(printedRows(run.stdout)).toEqual(
      found.map(({ code, level, name, parent }) => (parent ? [code, level, name, `in ${parent.name}`] : [code, level, name])),
    );
  });

  it("says so when no region's name matches", async () => {
    const run = await runPartnerApp(["--search", "zzqx", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('No region\'s name contains "zzqx".\n');
  });

  it("exits with 1 and prints the usage when --search comes with a region code", async () => {
    const run = await runPartnerApp(["73", "--search", "makmur", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Usage:");
  });
});

describe("the partner-app example's --trainings", () => {
  // A kabupaten no other test file writes trainings in, so what the API lists stays put.
  const kabupatenCode = "11.01";
  let training: TrainingSummaryFragment;

  beforeAll(async () => {
    const { createTraining } = await client.createTraining({
      input: { level: "KECAMATAN_TRAINING", regionCode: kabupatenCode, title: `${marker} Pelatihan`, startsOn: "2024-09-02", endsOn: "2024-09-04" },
    });
    if (createTraining.__typename !== "CreateTrainingSuccess") throw new Error(`could not create a training: ${createTraining.__typename}`);
    training = createTraining.data;
  });

  const rowOf = (each: TrainingSummaryFragment) => [
    each.title,
    each.level,
    each.status,
    `${each.startsOn}..${each.endsOn}`,
    `${each.region.code} ${each.region.name}`,
  ];

  it("prints the trainings held in a region's subtree", async () => {
    const { region } = await client.region({ code: kabupatenCode });
    const trainings = await client.paginate(RegionTrainingsDocument, { code: kabupatenCode }).collect();
    expect(trainings.map((each) => each.id)).toContain(training.id);

    const run = await runPartnerApp([kabupatenCode, "--trainings", "--url", graphqlUrl], { P3PD_API_KEY: partnerKey });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`Trainings held in Kabupaten/kota ${kabupatenCode} ${region?.name} (${trainings.length}):`);
    expect(printedRows(run.stdout)).toEqual(trainings.map(rowOf));
  });

  it("prints its parent's trainings when the region holds none", async () => {
    const { kabupaten } = await client.kabupaten({ code: kabupatenCode, first: 1 });
    const kecamatan = kabupaten?.kecamatans.nodes[0];
    if (!kabupaten || !kecamatan) return expect.fail(`kabupaten ${kabupatenCode} should have a kecamatan`);
    expect((await client.regionTrainings({ code: kecamatan.code })).region?.trainings.totalCount).toBe(0);
    const parentTrainings = await client.paginate(RegionTrainingsDocument, { code: kabupatenCode }).collect();

    const run = await runPartnerApp([kecamatan.code, "--trainings", "--url", graphqlUrl, "--api-key", partnerKey]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      `No trainings are held in Kecamatan ${kecamatan.code} ${kecamatan.name}; in its parent ` +
        `Kabupaten/kota ${kabupatenCode} ${kabupaten.name} (${parentTrainings.length}):`,
    );
    expect(printedRows(run.stdout)).toEqual(parentTrainings.map(rowOf));
  });

  it("says so when neither the region nor its parent holds a training", async () => {
    const { kecamatan } = await client.kecamatan({ code: "11.02.01", first: 1 });
    const village = kecamatan?.villages.nodes[0];
    if (!kecamatan || !village) return expect.fail("kecamatan 11.02.01 should have a village");
    expect((await client.regionTrainings({ code: kecamatan.code })).region?.trainings.totalCount).toBe(0);

    const run = await runPartnerApp([village.code, "--trainings", "--url", graphqlUrl, "--api-key", partnerKey]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `No trainings are held in Village ${village.code} ${village.name}, nor in its parent Kecamatan ${kecamatan.code} ${kecamatan.name}.\n`,
    );
  });
});
