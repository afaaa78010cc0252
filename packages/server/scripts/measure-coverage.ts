/**
 * Times the `coverage` query through the GraphQL layer (the real Yoga pipeline, in process, no
 * socket) on the NATIONAL demo dataset: the country with its 38 province children, and one
 * kabupaten with its kecamatan. Each is sent as the SDK's curated `Coverage` operation
 * (packages/contract/operations/coverage.graphql, every indicator of the node and of each child) and
 * as a counts-only query (no per-region breakdowns): the roll-up computes the breakdowns with the
 * counts either way, so the two differ by what resolving and sending the breakdowns costs.
 * Requests carry a bootstrap ADMIN key, as reports need one. Prints min / median / max ms per
 * query, and how many SQL statements one request costs, with the report cache cold (the data
 * changed since the last request) and warm, and the machine's load average before and after, as
 * the figures depend on what else runs.
 *
 * Needs a PostgreSQL server: it creates a database there, migrates it, loads the tree and seeds
 * the national demo (a few minutes, with progress), then drops it unless --keep is given.
 *
 *   DATABASE_URL=postgresql://… npx tsx packages/server/scripts/measure-coverage.ts \
 *     [--runs 30] [--warmup 5] [--kabupaten 73.71] [--keep] [--database <existing name>]
 *
 * `--database` reuses a database kept by an earlier `--keep` run (nothing is loaded twice).
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { createGraphQLServer } from "../src/http/yoga.js";
import { loadAllData } from "../src/import/load-data.js";
import { terminalProgress } from "../src/progress.js";
import { sdlPath } from "../src/paths.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    kabupaten: { type: "string", default: "73.71" },
    keep: { type: "boolean", default: false },
    database: { type: "string" },
  },
});
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  process.stderr.write("Set DATABASE_URL to a PostgreSQL server: this measures the national demo, too big for the embedded engine.\n");
  process.exit(1);
}
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const log = (message: string) => process.stderr.write(`${message}\n`);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = values.database || `p3pd_coverage_bench_${process.pid}`;
if (!values.database) await admin(`CREATE DATABASE "${name}"`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
let statements = 0;
const prisma = createPrismaClient(database, { onQuery: () => statements++ });

try {
  log(`Database ${name}: migrating, loading the tree, seeding the national demo…`);
  await applyPendingMigrations(database);
  await loadAllData(prisma, terminalProgress());
  const demo = await seedDemo(prisma, { scale: "national", seed: 1, replace: true }, terminalProgress());
  log(`Demo ${demo.version} ${demo.loaded ? "loaded" : "already there"}: ${demo.counts.enrollments.toLocaleString("en-US")} enrolments, ${demo.counts.people.toLocaleString("en-US")} people.`);
  // Fresh bulk loads leave the planner without statistics; production tables have them.
  await prisma.$executeRawUnsafe("ANALYZE");

  // Reports need a key; the bootstrap ADMIN key needs no row in the database. Its rate-limit
  // window lives in the database too, so a run allows far more points than it spends, or a
  // second run within the hour would be refused.
  const adminKey = `measure-${randomUUID()}`;
  const yoga = createGraphQLServer(
    prisma,
    { phase: "ready", checkDatabase: async () => true },
    { adminKey, rateLimitKeyPoints: 1_000_000_000 },
  );
  const curated = await readFile(path.join(path.dirname(sdlPath), "operations", "coverage.graphql"), "utf8");
  const countsOnly = `query ($regionCode: String) { coverage(regionCode: $regionCode) {
    regionCode totParticipants certifiedTrainers kabupatenMeetingTrainerTarget kecamatanCovered kecamatanCoverageRate villagesReached villageReachRate gainAverage
    children { regionCode region { name } totParticipants certifiedTrainers kabupatenMeetingTrainerTarget kecamatanCovered kecamatanCoverageRate villagesReached villageReachRate gainAverage } } }`;

  /** One request through Yoga; fails loudly on GraphQL errors, so an error is never timed as a result. */
  async function send(query: string, variables: Record<string, unknown>): Promise<number> {
    const started = performance.now();
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: { coverage?: { children?: unknown[] } } };
    const elapsed = performance.now() - started;
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    if (!body.data?.coverage?.children?.length) throw new Error("coverage came back without children");
    return elapsed;
  }

  const summary = (label: string, times: number[], perRequest: number) => {
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const f = (ms: number | undefined) => `${(ms ?? Number.NaN).toFixed(1).padStart(7)} ms`;
    return `${label.padEnd(56)} min ${f(sorted[0])}  median ${f(median)}  max ${f(sorted.at(-1))}  (${sorted.length} runs, ${perRequest} SQL statements each)`;
  };

  const cases: [string, string, Record<string, unknown>][] = [
    ["country, 38 provinces — curated Coverage", curated, {}],
    [`kabupaten ${values.kabupaten} — curated Coverage`, curated, { regionCode: values.kabupaten }],
    ["country, 38 provinces — counts only", countsOnly, {}],
    [`kabupaten ${values.kabupaten} — counts only`, countsOnly, { regionCode: values.kabupaten }],
  ];
  // Cold: as after any write — the data version moves (outside the timed request), so the report
  // cache misses. Warm: the same data again, answered from the cache.
  const invalidateReportCache = () => prisma.$executeRawUnsafe("UPDATE data_version SET version = version + 1 WHERE id = 1");
  const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" / ");
  const loadBefore = loadAverage();
  const lines: string[] = [];
  for (const [label, query, variables] of cases) {
    for (const cache of ["cold", "warm"] as const) {
      const prepare = cache === "cold" ? invalidateReportCache : async () => 0;
      for (let i = 0; i < warmup; i++) {
        await prepare();
        await send(query, variables);
      }
      await prepare();
      statements = 0;
      await send(query, variables);
      const perRequest = statements;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        await prepare();
        times.push(await send(query, variables));
      }
      lines.push(summary(`${label}, cache ${cache}`, times, perRequest));
      log(lines.at(-1) ?? "");
    }
  }
  process.stdout.write(
    `coverage through GraphQL (in-process Yoga), national demo, PostgreSQL (load average 1 / 5 / 15 min: ${loadBefore} before, ${loadAverage()} after):\n${lines.join("\n")}\n`,
  );
} finally {
  await prisma.$disconnect();
  await database.close();
  if (values.keep) log(`Kept database ${name}: reuse it with --database ${name}, drop it with DROP DATABASE "${name}".`);
  else await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
