/**
 * What encrypting personal data at rest costs a user, on the embedded PGlite and, when DATABASE_URL
 * names a PostgreSQL server, on PostgreSQL too, in one run. Per engine, two real servers, each in
 * its own process on a new database of its own (encryption-cost-server.ts), called over HTTP with an
 * ADMIN key like any client:
 *
 * - "encrypted": the server as it ships: nik, phone and email sealed with AES-256-GCM, the NIK
 *   matched by its HMAC-SHA-256;
 * - "plain": the same code with the personal-data codec replaced by a pass-through of the same
 *   shape (values stored as written, the NIK as its own match key), which is what the server
 *   stored before encryption.
 *
 * Measured on each, alternately (the first of a pair alternates too, so drift in the machine's load
 * falls on both): `importParticipants` of 1,000 and of 20,000 new people (NIK, phone, email,
 * attendance, scores) into a new training, and the page `people(first: 100)` with nik, phone and
 * email. Prints min / median / max in milliseconds and the ratio of the medians, with the load
 * average beside them, and writes every sample to a JSON file.
 *
 *   [DATABASE_URL=postgresql://…] npx tsx packages/server/scripts/measure-encryption-cost.ts
 *     [--runs 5] [--pages 10] [--sizes 1000,20000] [--no-pglite] [--cpu-prof dir] [--out file.json]
 *
 * --pages: page loads per variant per run. --cpu-prof: the servers write V8 CPU profiles there.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as v from "valibot";
import { openDatabase } from "../src/db/database.js";
import { NikRegistry } from "../src/demo/nik.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { queryRow, type SqlStatement } from "../src/db/sql-statement.js";
import { envelopeSqlPattern } from "../src/personal-data/cipher.js";
import { repoRoot } from "../src/paths.js";
import { startReadyProcess, type ServeProcess } from "./serve-process.js";
import { throwawayPglite, throwawayPostgres, type ThrowawayDatabase } from "./throwaway-database.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    pages: { type: "string", default: "10" },
    sizes: { type: "string", default: "1000,20000" },
    "no-pglite": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    out: { type: "string" },
  },
});
const runs = Number(values.runs);
const pagesPerRun = Number(values.pages);
const sizes = values.sizes.split(",").map(Number);
const serverUrl = process.env.DATABASE_URL || undefined;
const log = (message: string) => process.stderr.write(`${message}\n`);
const loadAverage = () => loadavg().map((load) => Number(load.toFixed(2)));

const variants = ["encrypted", "plain"] as const;
type Variant = (typeof variants)[number];

const adminKey = `measure-${randomUUID()}`;

/** The server's settings: the limits raised so that a 20,000-row sheet (about 5 MB) is measured, not refused; request lines not logged. */
const serverEnv = (store: ThrowawayDatabase): NodeJS.ProcessEnv => ({
  ...store.env,
  P3PD_ADMIN_KEY: adminKey,
  P3PD_DATA_KEY: randomBytes(32).toString("base64"),
  P3PD_MAX_BODY_BYTES: "64000000",
  P3PD_EXECUTION_TIMEOUT_MS: "600000",
  P3PD_RATE_LIMIT_POINTS: "1000000000",
  P3PD_LOG_LEVEL: "warn",
});

function startVariant(variant: Variant, store: ThrowawayDatabase): Promise<ServeProcess> {
  const profile = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`, `--cpu-prof-name=${variant}-${Date.now()}.cpuprofile`] : [];
  return startReadyProcess([...profile, "--import", "tsx", path.join(repoRoot, "packages/server/scripts/encryption-cost-server.ts"), variant], serverEnv(store));
}

interface GraphQLAnswer<Data> {
  data?: Data;
  errors?: { message: string }[];
}

async function graphql<Data>(server: ServeProcess, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer<Data>;
  if (answer.errors || !answer.data) throw new Error(`GraphQL failed (${response.status}): ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

const placesQuery = `{
  kabupaten: regions(level: KABUPATEN, first: 1) { nodes { code } }
  villages: regions(level: VILLAGE, first: 100) { nodes { code } }
}`;
const createTraining = `mutation Create($input: CreateTrainingInput!) {
  createTraining(input: $input) { __typename ... on CreateTrainingSuccess { data { id } } ... on Error { message } }
}`;
const importMutation = `mutation Import($trainingId: ID!, $rows: [ParticipantRowInput!]!) {
  importParticipants(trainingId: $trainingId, rows: $rows) {
    __typename
    ... on ImportParticipantsSuccess { data { enrolled } }
    ... on Error { message }
  }
}`;
const pageQuery = `{ people(first: 100) { nodes { id fullName nik phone email } } }`;

/** A server being measured, with what its sheets need. */
interface Target {
  variant: Variant;
  server: ServeProcess;
  kabupatenCode: string;
  villages: string[];
  /** Per server, so that both databases receive the same people, with the same NIKs, in the same order. */
  serial: number;
  niks: NikRegistry;
}

async function target(variant: Variant, server: ServeProcess): Promise<Target> {
  const places = await graphql<{ kabupaten: { nodes: { code: string }[] }; villages: { nodes: { code: string }[] } }>(server, placesQuery);
  const kabupatenCode = places.kabupaten.nodes[0]?.code;
  if (!kabupatenCode || places.villages.nodes.length === 0) throw new Error("The region tree is not loaded.");
  return { variant, server, kabupatenCode, villages: places.villages.nodes.map((village) => village.code), serial: 0, niks: new NikRegistry() };
}

/** A birth date from 1960 to 1999 that depends on the serial alone (Knuth's multiplicative hash spreads neighbours apart). */
function birthDateOf(serial: number): string {
  const mixed = Math.imul(serial, 2_654_435_761) >>> 0;
  const year = 1960 + (mixed % 40);
  const month = 1 + (Math.floor(mixed / 40) % 12);
  const day = 1 + (Math.floor(mixed / 480) % 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * `count` people never imported before, spread over the villages, every optional field filled. The
 * NIKs are laid out as real ones (kecamatan, birth date, serial: see demo/nik.ts), not counted up:
 * consecutive numbers would let the plain server's index take every NIK at its right edge, which no
 * real sheet does.
 */
function sheet(target: Target, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const serial = ++target.serial;
    const homeRegionCode = target.villages[index % target.villages.length]!;
    const gender = index % 2 === 0 ? "FEMALE" : "MALE";
    return {
      line: index + 2,
      fullName: `Peserta ${serial}`,
      nik: target.niks.issue(homeRegionCode.split(".").slice(0, 3).join("."), birthDateOf(serial), gender),
      gender,
      institution: "DESA",
      position: "Sekretaris Desa",
      homeRegionCode,
      phone: `+62 812 ${String(serial).padStart(8, "0")}`,
      email: `peserta${serial}@desa.example`,
      daysAttended: 2,
      preTestScore: 40 + (index % 40),
      postTestScore: 60 + (index % 40),
    };
  });
}

/** Milliseconds from sending the import of `count` new people into a new training to its answer read whole. */
async function timeImport(target: Target, count: number): Promise<number> {
  const created = await graphql<{ createTraining: { data?: { id: string }; message?: string } }>(target.server, createTraining, {
    input: { level: "KECAMATAN_TRAINING", regionCode: target.kabupatenCode, title: `encryption cost ${randomUUID()}`, startsOn: "2024-08-01", endsOn: "2024-08-02", status: "ONGOING" },
  });
  const trainingId = created.createTraining.data?.id;
  if (!trainingId) throw new Error(`createTraining failed: ${created.createTraining.message}`);
  const rows = sheet(target, count);
  const started = performance.now();
  const answer = await graphql<{ importParticipants: { data?: { enrolled: number }; message?: string } }>(target.server, importMutation, { trainingId, rows });
  const elapsed = performance.now() - started;
  if (answer.importParticipants.data?.enrolled !== count) throw new Error(`The import failed: ${JSON.stringify(answer.importParticipants)}`);
  return elapsed;
}

/** Milliseconds for the first 100 people with their decrypted nik, phone and email. */
async function timePage(target: Target): Promise<number> {
  const started = performance.now();
  const page = await graphql<{ people: { nodes: { nik: string | null; phone: string | null; email: string | null }[] } }>(target.server, pageQuery);
  const elapsed = performance.now() - started;
  if (page.people.nodes.length !== 100 || page.people.nodes.some((person) => !person.nik || !person.phone || !person.email)) {
    throw new Error("The page does not hold 100 people with nik, phone and email.");
  }
  return elapsed;
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

const storedEnvelopes: SqlStatement<{ people: number; sealed: number }> = {
  text: `SELECT count(*)::int AS people, count(*) FILTER (WHERE nik ~ $1 AND phone ~ $1 AND email ~ $1)::int AS sealed FROM person`,
  row: v.strictObject({ people: v.number(), sealed: v.number() }),
};

/** What the database holds, read after its server stopped: proof that the variants stored what they claim. */
async function countSealed(store: ThrowawayDatabase): Promise<{ people: number; sealed: number }> {
  const database = await openDatabase({ ...store.config, command: "measure-encryption-cost" });
  const prisma = createPrismaClient(database);
  try {
    return await queryRow(prisma, storedEnvelopes, [envelopeSqlPattern]);
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

type Measure = `import ${number}` | "people page";
interface EngineResult {
  engine: string;
  loadBefore: number[];
  loadAfter: number[];
  stored: Record<Variant, { people: number; sealed: number }>;
  measures: Record<string, Record<Variant, { samples: number[] } & Spread> & { ratio: number }>;
}

async function measureEngine(label: string, storeOf: (variant: Variant) => Promise<ThrowawayDatabase>): Promise<EngineResult> {
  const stores = { encrypted: await storeOf("encrypted"), plain: await storeOf("plain") };
  const servers: Partial<Record<Variant, ServeProcess>> = {};
  try {
    log(`${label}: starting both servers (migrations and the region tree)…`);
    for (const variant of variants) servers[variant] = await startVariant(variant, stores[variant]);
    const targets = await Promise.all(variants.map((variant) => target(variant, servers[variant]!)));
    for (const each of targets) {
      await timeImport(each, 200); // warm-up: connections, JIT, the planner; and the page's first 100 people
      for (let i = 0; i < 3; i++) await timePage(each);
    }
    const samples = new Map<Measure, Record<Variant, number[]>>();
    const record = (measure: Measure, variant: Variant, ms: number) => {
      const entry = samples.get(measure) ?? { encrypted: [], plain: [] };
      entry[variant].push(ms);
      samples.set(measure, entry);
    };
    const loadBefore = loadAverage();
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? targets : [...targets].reverse();
      for (const size of sizes) for (const each of order) record(`import ${size}`, each.variant, await timeImport(each, size));
      for (let page = 0; page < pagesPerRun; page++) for (const each of page % 2 === 0 ? order : [...order].reverse()) record("people page", each.variant, await timePage(each));
      log(`${label}: run ${run + 1} of ${runs} done (load ${loadAverage().join(" / ")})`);
    }
    const loadAfter = loadAverage();
    for (const variant of variants) await servers[variant]!.stop();
    const stored = { encrypted: await countSealed(stores.encrypted), plain: await countSealed(stores.plain) };
    if (stored.encrypted.sealed !== stored.encrypted.people || stored.plain.sealed !== 0) throw new Error(`The variants did not store what they claim: ${JSON.stringify(stored)}`);
    const measures: EngineResult["measures"] = {};
    for (const [measure, byVariant] of samples) {
      const encrypted = { samples: byVariant.encrypted, ...spread(byVariant.encrypted) };
      const plain = { samples: byVariant.plain, ...spread(byVariant.plain) };
      measures[measure] = { encrypted, plain, ratio: encrypted.median / plain.median };
    }
    return { engine: label, loadBefore, loadAfter, stored, measures };
  } finally {
    for (const variant of variants) if (servers[variant]?.child.exitCode === null) await servers[variant]!.stop();
    for (const variant of variants) await stores[variant].dispose();
  }
}

const engines: [string, (variant: Variant) => Promise<ThrowawayDatabase>][] = [
  ...(values["no-pglite"] ? [] : [["PGlite", () => throwawayPglite("p3pd-encryption-cost")] as [string, (variant: Variant) => Promise<ThrowawayDatabase>]]),
  ...(serverUrl ? [["PostgreSQL", (variant: Variant) => throwawayPostgres(serverUrl, `p3pd_encryption_cost_${variant}_${process.pid}`)] as [string, (variant: Variant) => Promise<ThrowawayDatabase>]] : []),
];
if (values["cpu-prof"]) await mkdir(values["cpu-prof"], { recursive: true });
const startedAt = new Date();
const results: EngineResult[] = [];
for (const [label, storeOf] of engines) results.push(await measureEngine(label, storeOf));

const ms = (value: number) => (value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1));
const cell = (s: Spread) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
const lines = [
  `Cost of encrypting personal data at rest: ms, median (min–max); ${runs} runs per import, ${runs * pagesPerRun} page loads per variant, alternated`,
  `${"engine".padEnd(11)}${"measure".padEnd(21)}${"plain".padEnd(24)}${"encrypted".padEnd(24)}ratio   load before → after`,
  ...results.flatMap((result) =>
    Object.entries(result.measures).map(
      ([measure, m]) =>
        `${result.engine.padEnd(11)}${measure.replace(/import (\d+)/, (_, n: string) => `import ${Number(n).toLocaleString("en-US")} rows`).padEnd(21)}${cell(m.plain).padEnd(24)}${cell(m.encrypted).padEnd(24)}${m.ratio.toFixed(3).padEnd(8)}${result.loadBefore.join(" / ")} → ${result.loadAfter.join(" / ")}`,
    ),
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
const out = values.out ?? path.join(repoRoot, "packages/server/scripts/results", `encryption-cost-${startedAt.toISOString().slice(0, 10)}.json`);
const report = {
  startedAt: startedAt.toISOString(),
  command: `${serverUrl ? "DATABASE_URL=postgresql://… " : ""}npx tsx packages/server/scripts/measure-encryption-cost.ts ${process.argv.slice(2).join(" ")}`.trim(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
  runs,
  pagesPerRun,
  table: lines,
  results,
};
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
log(`Wrote ${path.relative(process.cwd(), out)}`);
