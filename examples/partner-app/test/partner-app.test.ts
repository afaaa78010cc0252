import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type P3pdClient } from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSharedServer } from "../../../packages/server/test/support/shared-database.js";

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

/** The printed children, one [code, name, detail] per indented line (columns are 2+ spaces apart). */
function childRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => line.trim().split(/\s{2,}/));
}

let server: Awaited<ReturnType<typeof startSharedServer>>;
let graphqlUrl: string;
let client: P3pdClient;

beforeAll(async () => {
  server = await startSharedServer();
  graphqlUrl = `${server.url}/graphql`;
  client = createClient({ url: graphqlUrl });
});
afterAll(() => server?.close());

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
    expect(childRows(run.stdout)).toEqual(villages.map((village) => [village.code, village.name, village.kind]));
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
    expect(childRows(run.stdout).map(([code]) => code)).toEqual(stored.map((village) => village.code));
  });

  it("prints a kabupaten's kecamatans with village counts, reading the URL from P3PD_URL", async () => {
    const { kabupaten } = await client.kabupaten({ code: "73.71", first: 100 });
    const run = await runPartnerApp(["73.71"], { P3PD_URL: graphqlUrl });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("Kabupaten/kota 73.71 Kota Makassar (KOTA)");
    expect(childRows(run.stdout)).toEqual(
      (kabupaten?.kecamatans.nodes ?? []).map(({ code, name, villages }) => [code, name, `villages: ${villages.totalCount}`]),
    );
  });

  it("prints a province's kabupatens with kind and kecamatan counts", async () => {
    const { province } = await client.province({ code: "73", first: 100 });
    const run = await runPartnerApp(["73", "--url", graphqlUrl]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${province?.kabupatens.totalCount} kabupaten/kota:`);
    expect(childRows(run.stdout)).toEqual(
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
