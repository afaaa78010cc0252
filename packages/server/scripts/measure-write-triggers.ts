/**
 * What the coverage summaries' triggers cost the write path: the same writes timed on one
 * database with the triggers that keep the summaries enabled and with them disabled, in
 * alternating rounds of one run, so the ratio is the triggers' own cost whatever the machine's
 * load. The writes, each its own transaction through the domain's functions: enrolling an
 * existing person as a participant then recording their scores, `importParticipants` of a sheet
 * of new people into a new training, and deleting that training (its enrolments go by the
 * foreign keys' cascade). Prints medians per write and the ratio with/without, with the load
 * average beside them; with --out, writes the same lines to that file.
 *
 * Each engine gets a database of its own (a new PGlite folder; a new database on the server,
 * dropped afterwards): migrated, the tree loaded and the demo seeded at the scale asked for
 * (national: the 1× cascade of 66,869 enrolments), then measured.
 *
 *   [DATABASE_URL=postgresql://…] npx tsx packages/server/scripts/measure-write-triggers.ts [--rounds 7] [--enrolments 20] [--sheet 1000] [--scale national] [--no-pglite] [--out file]
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { enroll, recordScores } from "../src/cascade/enrollments.js";
import { importParticipants } from "../src/cascade/participant-import.js";
import { registerPerson } from "../src/cascade/people.js";
import { createTraining } from "../src/cascade/trainings.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import type { DemoScale } from "../src/demo/plan.js";
import { loadAllData } from "../src/import/load-data.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { silentProgress } from "../src/progress.js";
import { openThrowaway, throwawayPglite, throwawayPostgres, type OpenedThrowaway } from "./throwaway-database.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    enrolments: { type: "string", default: "20" },
    sheet: { type: "string", default: "1000" },
    scale: { type: "string", default: "national" },
    out: { type: "string" },
    "no-pglite": { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const enrolmentsPerRound = Number(values.enrolments);
const sheetSize = Number(values.sheet);
const scale: DemoScale = values.scale === "program" ? "program" : "national";
const serverUrl = process.env.DATABASE_URL || undefined;
const log = (message: string) => process.stderr.write(`${message}\n`);
const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" / ");

/** The triggers that keep the coverage summaries (their names end in _coverage), by table. */
async function summaryTriggers(prisma: PrismaClient): Promise<{ table: string; name: string }[]> {
  return prisma.$queryRawUnsafe<{ table: string; name: string }[]>(
    `SELECT c.relname AS "table", t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND t.tgname LIKE '%\\_coverage' ORDER BY 1, 2`,
  );
}

async function setTriggers(prisma: PrismaClient, triggers: { table: string; name: string }[], enabled: boolean): Promise<void> {
  for (const { table, name } of triggers) {
    await prisma.$executeRawUnsafe(`ALTER TABLE "${table}" ${enabled ? "ENABLE" : "DISABLE"} TRIGGER "${name}"`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function timed(write: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await write();
  return performance.now() - started;
}

type Mode = "with summaries" | "without";
type Timings = Record<"enrol + score" | "import" | "delete training", number[]>;

async function measure(engine: OpenedThrowaway): Promise<string[]> {
  const prisma = createPrismaClient(engine.database);
  try {
    log(`${engine.label}: migrating, loading the tree, seeding the ${scale} demo…`);
    await applyPendingMigrations(engine.database);
    await loadAllData(prisma, silentProgress);
    // The database is new and dropped afterwards: a key of its own, unless one is configured.
    await preparePersonalData(prisma, engine.database, { ...process.env, P3PD_DATA_KEY: process.env.P3PD_DATA_KEY || randomBytes(32).toString("base64") });
    await seedDemo(prisma, { scale, seed: 20240628, replace: false }, silentProgress);
    const enrolments = await prisma.participation.count();
    const triggers = await summaryTriggers(prisma);
    if (triggers.length === 0) throw new Error("No summary triggers found: nothing to compare");
    const kecamatan = await prisma.kecamatan.findFirstOrThrow({ where: { code: { startsWith: "73.71." } }, orderBy: { code: "asc" } });
    const villages = (await prisma.village.findMany({ where: { kecamatanCode: kecamatan.code }, orderBy: { code: "asc" } })).map((village) => village.code);
    const transaction = <T>(write: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<T>) => prisma.$transaction(write, { timeout: 600_000 });
    let serial = 0;
    const newTraining = () =>
      transaction((tx) =>
        createTraining(tx, {
          level: "KECAMATAN_TRAINING", regionCode: kecamatan.kabupatenCode, title: `measure-write-triggers ${++serial}`,
          startsOn: new Date(Date.UTC(2024, 6, 1)), endsOn: new Date(Date.UTC(2024, 6, 3)), stage: null, moduleNumbers: [1, 2, 3],
        }),
      );

    const round = async (timings: Timings) => {
      const training = await newTraining();
      const people = [];
      for (let i = 0; i < enrolmentsPerRound; i++) {
        people.push(await transaction((tx) => registerPerson(tx, { fullName: `Peserta ${++serial}`, institution: "DESA", homeRegionCode: villages[i % villages.length] ?? kecamatan.code })));
      }
      for (const person of people) {
        timings["enrol + score"].push(
          await timed(async () => {
            const enrolment = await transaction((tx) => enroll(tx, { trainingId: training.id, personId: person.id, role: "PARTICIPANT" }));
            await transaction((tx) => recordScores(tx, enrolment.id, { preTestScore: 40, postTestScore: 75 }));
          }),
        );
      }
      const sheetTraining = await newTraining();
      const rows = Array.from({ length: sheetSize }, (_, i) => ({
        line: i + 2, fullName: `Impor ${++serial}`, institution: "DESA" as const, homeRegionCode: villages[i % villages.length] ?? kecamatan.code,
        daysAttended: 2, preTestScore: 40 + (i % 40), postTestScore: 60 + (i % 40),
      }));
      timings.import.push(await timed(() => transaction((tx) => importParticipants(tx, { regionCode: null, covers: () => true, people: {} }, sheetTraining.id, rows))));
      timings["delete training"].push(await timed(() => prisma.training.delete({ where: { id: sheetTraining.id } })));
    };

    const timings: Record<Mode, Timings> = {
      "with summaries": { "enrol + score": [], import: [], "delete training": [] },
      without: { "enrol + score": [], import: [], "delete training": [] },
    };
    log(`${engine.label}: warm-up…`);
    await round({ "enrol + score": [], import: [], "delete training": [] });
    for (let r = 0; r < rounds; r++) {
      // Alternate which mode goes first, so neither always meets a warmer cache.
      const order: Mode[] = r % 2 === 0 ? ["with summaries", "without"] : ["without", "with summaries"];
      for (const mode of order) {
        await setTriggers(prisma, triggers, mode === "with summaries");
        await round(timings[mode]);
      }
      log(`${engine.label}: round ${r + 1}/${rounds} (load ${loadAverage()})`);
    }
    await setTriggers(prisma, triggers, true);

    const lines = [`${engine.label}, ${scale} demo (${enrolments.toLocaleString("en-US")} participant enrolments), ${rounds} rounds, load ${loadAverage()} at the end:`];
    for (const write of ["enrol + score", "import", "delete training"] as const) {
      const withSummaries = median(timings["with summaries"][write]);
      const without = median(timings.without[write]);
      const label = write === "import" ? `import ${sheetSize.toLocaleString("en-US")} rows` : write === "delete training" ? `delete its training (${sheetSize.toLocaleString("en-US")} enrolments)` : write;
      lines.push(`  ${label.padEnd(36)} with summaries ${withSummaries.toFixed(1).padStart(8)} ms   without ${without.toFixed(1).padStart(8)} ms   ratio ${(withSummaries / without).toFixed(2)}×`);
    }
    log(lines.join("\n"));
    return lines;
  } finally {
    await prisma.$disconnect();
  }
}

const lines: string[] = [];
const engines: (() => Promise<OpenedThrowaway>)[] = [
  ...(values["no-pglite"] ? [] : [async () => openThrowaway(await throwawayPglite("p3pd-measure-triggers"))]),
  ...(serverUrl ? [async () => openThrowaway(await throwawayPostgres(serverUrl, `p3pd_trigger_bench_${process.pid}`))] : []),
];
for (const open of engines) {
  const engine = await open();
  try {
    lines.push(...(await measure(engine)));
  } finally {
    await engine.dispose();
  }
}
const report = `Writes with and without the coverage summaries' triggers (medians, ms):\n${lines.join("\n")}\n`;
process.stdout.write(report);
if (values.out) await writeFile(values.out, report);
