/**
 * Times the bulk import of an attendance sheet through the `importParticipants` mutation (the real
 * Yoga pipeline, in process, no socket) on the embedded PGlite and, when DATABASE_URL names a
 * PostgreSQL server, on PostgreSQL too: sheets of 1,000 and 20,000 new participants (each with a
 * NIK, a phone, an email, attendance and scores, living in villages of the tree), each run a new
 * training with people never seen before. Prints rows per second, min / median / max over the
 * runs, and the machine's load average beside them, as the figures depend on what else runs; with
 * --out, writes the same lines to that file.
 *
 * Each engine gets a database of its own (a new PGlite folder; a new database on the server, dropped
 * afterwards): migrated, the tree loaded (about 9 s on PGlite), then measured.
 *
 *   [DATABASE_URL=postgresql://…] npx tsx packages/server/scripts/measure-import.ts [--runs 3] [--sizes 1000,20000] [--no-pglite] [--out file]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "../src/db/database.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { createGraphQLServer } from "../src/http/yoga.js";
import { loadAllData } from "../src/import/load-data.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { silentProgress } from "../src/progress.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    sizes: { type: "string", default: "1000,20000" },
    out: { type: "string" },
    "no-pglite": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(",").map(Number);
const serverUrl = process.env.DATABASE_URL || undefined;
const log = (message: string) => process.stderr.write(`${message}\n`);
const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" / ");

const importMutation = `mutation Import($trainingId: ID!, $rows: [ParticipantRowInput!]!) {
  importParticipants(trainingId: $trainingId, rows: $rows) {
    __typename
    ... on ImportParticipantsSuccess { data { rows peopleCreated enrolled } }
    ... on Error { message }
  }
}`;

interface Engine {
  label: string;
  database: Database;
  dispose(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function pgliteEngine(): Promise<Engine> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-measure-import-"));
  const database = await openDatabase({ databaseUrl: "", dataDir });
  return {
    label: "PGlite",
    database,
    dispose: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(url: string): Promise<Engine> {
  const name = `p3pd_import_bench_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    label: "PostgreSQL",
    database: await openDatabase({ databaseUrl: target.toString(), dataDir: "" }),
    dispose: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A new ONGOING two-day kecamatan training in the first kabupaten; its Relay global ID. */
async function newTraining(prisma: PrismaClient, kabupatenCode: string, provinceCode: string): Promise<string> {
  const training = await prisma.training.create({
    data: {
      level: "KECAMATAN_TRAINING",
      provinceCode,
      kabupatenCode,
      title: `measure-import ${randomUUID()}`,
      startsOn: new Date("2024-08-01"),
      endsOn: new Date("2024-08-02"),
      status: "ONGOING",
    },
  });
  return Buffer.from(`Training:${training.id}`).toString("base64");
}

let nikSerial = 0;
/** `count` people never imported before, spread over `villages`, every optional field filled. */
function sheet(count: number, villages: string[]) {
  return Array.from({ length: count }, (_, index) => {
    nikSerial++;
    return {
      line: index + 2,
      fullName: `Peserta ${process.pid} ${nikSerial}`,
      nik: `73${String(process.pid % 10_000).padStart(4, "0")}${String(nikSerial).padStart(10, "0")}`,
      gender: index % 2 === 0 ? "FEMALE" : "MALE",
      institution: "DESA",
      position: "Sekretaris Desa",
      homeRegionCode: villages[index % villages.length],
      phone: `+62 812 ${String(nikSerial).padStart(8, "0")}`,
      email: `peserta${nikSerial}@desa.example`,
      daysAttended: 2,
      preTestScore: 40 + (index % 40),
      postTestScore: 60 + (index % 40),
    };
  });
}

function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? Number.NaN, median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

async function measure(engine: Engine): Promise<string[]> {
  const { database } = engine;
  const prisma = createPrismaClient(database);
  try {
    log(`${engine.label}: migrating and loading the tree…`);
    await applyPendingMigrations(database);
    await loadAllData(prisma, silentProgress);
    // The database is new and dropped afterwards: a key of its own, unless one is configured.
    await preparePersonalData(prisma, database, { ...process.env, P3PD_DATA_KEY: process.env.P3PD_DATA_KEY || randomBytes(32).toString("base64") });
    const adminKey = `measure-${randomUUID()}`;
    // A 20,000-row sheet is about 5 MB of JSON, and took longer than the execution limit: both are raised, so the
    // figures are the import's own.
    const yoga = createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true }, { adminKey, rateLimitKeyPoints: 1_000_000_000, maxBodyBytes: 64_000_000, executionTimeoutMs: 600_000 });
    const kabupaten = await prisma.kabupaten.findFirstOrThrow({ orderBy: { code: "asc" } });
    const villages = (await prisma.village.findMany({ where: { code: { startsWith: `${kabupaten.code}.` } }, take: 200, orderBy: { code: "asc" } })).map((village) => village.code);

    const importSheet = async (count: number): Promise<number> => {
      const trainingId = await newTraining(prisma, kabupaten.code, kabupaten.provinceCode);
      const body = JSON.stringify({ query: importMutation, variables: { trainingId, rows: sheet(count, villages) } });
      const started = performance.now();
      const response = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
        body,
      });
      const answer = (await response.json()) as { errors?: unknown[]; data?: { importParticipants?: { __typename: string; message?: string; data?: { enrolled: number } } } };
      const elapsed = performance.now() - started;
      const result = answer.data?.importParticipants;
      if (answer.errors || result?.data?.enrolled !== count) throw new Error(`The import failed: ${JSON.stringify(answer.errors ?? result)}`);
      return elapsed;
    };

    await importSheet(200); // warm-up: connections, JIT, the planner
    const lines: string[] = [];
    for (const size of sizes) {
      const loadBefore = loadAverage();
      const rates: number[] = [];
      for (let run = 0; run < runs; run++) rates.push((size / (await importSheet(size))) * 1000);
      const { min, median, max } = spread(rates);
      const f = (rate: number) => Math.round(rate).toLocaleString("en-US");
      lines.push(`${engine.label.padEnd(10)} ${size.toLocaleString("en-US").padStart(6)} new rows: median ${f(median)} rows/s (min ${f(min)}, max ${f(max)}; ${runs} runs; load ${loadBefore} before, ${loadAverage()} after)`);
      log(lines.at(-1) ?? "");
    }
    return lines;
  } finally {
    await prisma.$disconnect();
  }
}

const lines: string[] = [];
const engines: (() => Promise<Engine>)[] = [...(values["no-pglite"] ? [] : [pgliteEngine]), ...(serverUrl ? [() => postgresEngine(serverUrl)] : [])];
for (const open of engines) {
  const engine = await open();
  try {
    lines.push(...(await measure(engine)));
  } finally {
    await engine.dispose();
  }
}
const report = `importParticipants through GraphQL (in-process Yoga), rows/s:\n${lines.join("\n")}\n`;
process.stdout.write(report);
if (values.out) await writeFile(values.out, report);
