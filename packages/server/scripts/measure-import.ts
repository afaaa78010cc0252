/**
 * Times the bulk import of an attendance sheet through the `importParticipants` mutation over HTTP,
 * against `p3pd serve` in its own process (as the bench runs it: the sources through tsx), on the
 * embedded PGlite and, when DATABASE_URL names a PostgreSQL server, on PostgreSQL too: sheets of
 * 1,000 and 20,000 new participants (each with a NIK, a phone, an email, attendance and scores,
 * living in villages of the tree), each run a new training with people never seen before. Prints
 * rows per second (min / median / max over the runs), the server's peak resident memory (VmHWM)
 * over each run, and the machine's load average beside them, as the figures depend on what else
 * runs; with --out, writes the same lines to that file.
 *
 * With --baseline DIR (another checkout, e.g. a worktree of the code before a change, with its
 * node_modules), that checkout's server is measured in the same run on the same database: each run
 * starts this checkout's server, then the baseline's, so both meet the same load.
 * With --cpu-prof DIR, every server process writes a V8 CPU profile there when it stops.
 *
 * Each engine gets a database of its own (a new PGlite folder; a new database on the server,
 * dropped afterwards), migrated and loaded by the first server start (about 9 s on PGlite).
 *
 *   [DATABASE_URL=postgresql://…] npx tsx packages/server/scripts/measure-import.ts [--runs 3] [--sizes 1000,20000]
 *     [--no-pglite] [--baseline DIR] [--cpu-prof DIR] [--out file]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../src/paths.js";
import { startServeProcess } from "./serve-process.js";
import { throwawayPglite, throwawayPostgres, type ThrowawayDatabase } from "./throwaway-database.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    sizes: { type: "string", default: "1000,20000" },
    out: { type: "string" },
    baseline: { type: "string" },
    "cpu-prof": { type: "string" },
    "no-pglite": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(",").map(Number);
const serverUrl = process.env.DATABASE_URL || undefined;
const log = (message: string) => process.stderr.write(`${message}\n`);
const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" / ");

interface Checkout {
  label: string;
  root: string;
}
const checkouts: Checkout[] = [{ label: "this checkout", root: repoRoot }, ...(values.baseline ? [{ label: "baseline", root: path.resolve(values.baseline) }] : [])];

const importMutation = `mutation Import($trainingId: ID!, $rows: [ParticipantRowInput!]!) {
  importParticipants(trainingId: $trainingId, rows: $rows) {
    __typename
    ... on ImportParticipantsSuccess { data { rows peopleCreated enrolled } }
    ... on Error { message }
  }
}`;
const createTrainingMutation = `mutation Training($input: CreateTrainingInput!) {
  createTraining(input: $input) { __typename ... on CreateTrainingSuccess { data { id } } ... on Error { message } }
}`;
const villagesQuery = `{ kabupaten(code: "73.71") { kecamatans(first: 20) { nodes { villages(first: 10) { nodes { code } } } } } }`;

interface GraphQLAnswer {
  errors?: unknown[];
  data?: Record<string, { __typename?: string; message?: string; data?: Record<string, unknown> } | null>;
}

/** Resident memory of a process from /proc: its peak so far (VmHWM) and now (VmRSS), in MiB. */
async function memoryOf(pid: number): Promise<{ peak: number; now: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const mib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
  return { peak: mib("VmHWM"), now: mib("VmRSS") };
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

/** What one server process measured: rows/s per sheet size, and its peak memory. */
interface RunResult {
  rates: Map<number, number>;
  peakMiB: number;
}

async function measureOnce(engine: ThrowawayDatabase, checkout: Checkout, dataKey: string): Promise<RunResult> {
  const adminKey = `measure-${randomUUID()}`;
  const serve = await startServeProcess(
    {
      ...engine.env,
      NODE_ENV: "production",
      P3PD_ADMIN_KEY: adminKey,
      P3PD_DATA_KEY: dataKey,
      // A 20,000-row sheet is about 5 MB of JSON: the body and execution limits are raised, so the figures are the import's own.
      P3PD_MAX_BODY_BYTES: "64000000",
      P3PD_EXECUTION_TIMEOUT_MS: "600000",
      P3PD_RATE_LIMIT_POINTS: "1000000000",
      P3PD_DRAIN_SECONDS: "1",
      NODE_OPTIONS: values["cpu-prof"] ? `--cpu-prof --cpu-prof-dir=${path.resolve(values["cpu-prof"])}` : "",
    },
    "sources",
    checkout.root,
  );
  const pid = serve.child.pid;
  if (pid === undefined) throw new Error("The server has no process id");
  try {
    const post = async (query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer> => {
      const response = await fetch(`${serve.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer;
    };
    const regions = (await post(villagesQuery)) as { data?: { kabupaten?: { kecamatans: { nodes: { villages: { nodes: { code: string }[] } }[] } } } };
    const villages = (regions.data?.kabupaten?.kecamatans.nodes ?? []).flatMap((kecamatan) => kecamatan.villages.nodes.map((village) => village.code));
    if (villages.length === 0) throw new Error(`No villages found: ${JSON.stringify(regions)}`);

    const newTraining = async (): Promise<string> => {
      const input = { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `measure-import ${randomUUID()}`, startsOn: "2024-08-01", endsOn: "2024-08-02" };
      const id = (await post(createTrainingMutation, { input })).data?.createTraining?.data?.id;
      if (typeof id !== "string") throw new Error("createTraining failed");
      return id;
    };
    const importSheet = async (count: number): Promise<number> => {
      const trainingId = await newTraining();
      const body = JSON.stringify({ query: importMutation, variables: { trainingId, rows: sheet(count, villages) } });
      const started = performance.now();
      const response = await fetch(`${serve.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
        body,
      });
      const answer = (await response.json()) as GraphQLAnswer;
      const elapsed = performance.now() - started;
      const result = answer.data?.importParticipants;
      if (answer.errors || result?.data?.enrolled !== count) throw new Error(`The import failed: ${JSON.stringify(answer.errors ?? result)}`);
      return elapsed;
    };

    await importSheet(200); // warm-up: connections, JIT, the planner
    const rates = new Map<number, number>();
    for (const size of sizes) rates.set(size, (size / (await importSheet(size))) * 1000);
    return { rates, peakMiB: (await memoryOf(pid)).peak };
  } finally {
    await serve.stop();
  }
}

async function measure(engine: ThrowawayDatabase): Promise<string[]> {
  // The database is new and dropped afterwards: a key of its own.
  const dataKey = randomBytes(32).toString("base64");
  const results = new Map<Checkout, RunResult[]>(checkouts.map((checkout) => [checkout, []]));
  const loadBefore = loadAverage();
  for (let run = 0; run < runs; run++) {
    for (const checkout of checkouts) {
      const result = await measureOnce(engine, checkout, dataKey);
      results.get(checkout)?.push(result);
      log(`${engine.label} ${checkout.label} run ${run + 1}: ${sizes.map((size) => `${size}: ${Math.round(result.rates.get(size) ?? Number.NaN)} rows/s`).join(", ")}; peak ${result.peakMiB.toFixed(0)} MiB; load ${loadAverage()}`);
    }
  }
  const f = (rate: number) => Math.round(rate).toLocaleString("en-US");
  const lines: string[] = [];
  for (const size of sizes) {
    const medians = new Map<Checkout, number>();
    for (const checkout of checkouts) {
      const { min, median, max } = spread((results.get(checkout) ?? []).map((result) => result.rates.get(size) ?? Number.NaN));
      medians.set(checkout, median);
      const who = checkouts.length > 1 ? ` ${checkout.label.padEnd(13)}` : "";
      lines.push(`${engine.label.padEnd(10)}${who} ${size.toLocaleString("en-US").padStart(6)} new rows: median ${f(median)} rows/s (min ${f(min)}, max ${f(max)}; ${runs} runs)`);
    }
    const [ours, baseline] = checkouts.map((checkout) => medians.get(checkout) ?? Number.NaN);
    if (baseline !== undefined && ours !== undefined) lines.push(`${engine.label.padEnd(10)} ${size.toLocaleString("en-US").padStart(6)} new rows: this checkout ÷ baseline ${(ours / baseline).toFixed(2)}`);
  }
  for (const checkout of checkouts) {
    const { min, median, max } = spread((results.get(checkout) ?? []).map((result) => result.peakMiB));
    const who = checkouts.length > 1 ? ` ${checkout.label}` : "";
    lines.push(`${engine.label.padEnd(10)}${who} server peak memory (VmHWM) over a run: median ${median.toFixed(0)} MiB (min ${min.toFixed(0)}, max ${max.toFixed(0)})`);
  }
  lines.push(`${engine.label.padEnd(10)} load ${loadBefore} before, ${loadAverage()} after`);
  return lines;
}

const lines: string[] = [];
const engines: (() => Promise<ThrowawayDatabase>)[] = [
  ...(values["no-pglite"] ? [] : [() => throwawayPglite("p3pd-measure-import")]),
  ...(serverUrl ? [() => throwawayPostgres(serverUrl, `p3pd_import_bench_${process.pid}`)] : []),
];
for (const open of engines) {
  const engine = await open();
  try {
    lines.push(...(await measure(engine)));
  } finally {
    await engine.dispose();
  }
}
const report = `importParticipants over HTTP (p3pd serve, sources), rows/s:\n${lines.join("\n")}\n`;
process.stdout.write(report);
if (values.out) await writeFile(values.out, report);
