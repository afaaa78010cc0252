/**
 * How long an erasure locks the `person` table: after `erasePerson` commits, the server rewrites the
 * table (`VACUUM FULL person`, an ACCESS EXCLUSIVE lock for the statement's whole run: no read or
 * write of a person meanwhile) and then, unlocked, `ANALYZE person` and on PGlite the WAL purge
 * (personal-data/erased-remnants.ts). On the embedded PGlite and, when DATABASE_URL names a
 * PostgreSQL server, on PostgreSQL too: a new database with the demo dataset (`--scale national`
 * by default), then `--runs` times: one person erased, then each statement of the purge timed.
 * Prints min / median / max in milliseconds with the load average.
 *
 *   [DATABASE_URL=postgresql://…] npx tsx packages/server/scripts/measure-erasure-vacuum.ts [--scale national|program] [--runs 5] [--no-pglite] [--out file]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { erasePerson } from "../src/cascade/erase-person.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, engineOf, type PrismaClient } from "../src/db/prisma.js";
import { demoOptionsOf } from "../src/demo/command.js";
import { seedDemo } from "../src/demo/index.js";
import { loadAllData } from "../src/import/load-data.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { silentProgress } from "../src/progress.js";
import { openThrowaway, throwawayPglite, throwawayPostgres, type OpenedThrowaway } from "./throwaway-database.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "national" },
    runs: { type: "string", default: "5" },
    "no-pglite": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const demo = demoOptionsOf({ scale: values.scale });
const { scale } = demo;
const runs = Number(values.runs);
const serverUrl = process.env.DATABASE_URL || undefined;
const log = (message: string) => process.stderr.write(`${message}\n`);
const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" / ");

/** The statements of purgeErasedRemnants, in its order, each to be timed on its own. */
function purgeStatements(prisma: PrismaClient): string[] {
  const common = ["VACUUM FULL person", "ANALYZE person"];
  return engineOf(prisma) === "pglite" ? [...common, "VACUUM FULL pg_statistic", "SET wal_recycle = off", "SELECT pg_switch_wal()", "CHECKPOINT"] : common;
}

function spread(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (ms: number) => Math.round(ms).toLocaleString("en-US");
  return `median ${f(sorted[Math.floor(sorted.length / 2)]!)} ms (min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)})`;
}

async function measure(engine: OpenedThrowaway): Promise<string[]> {
  const prisma = createPrismaClient(engine.database);
  try {
    log(`${engine.label}: migrating, loading the tree and the ${scale} demo…`);
    await applyPendingMigrations(engine.database);
    await preparePersonalData(prisma, engine.database, { ...process.env, P3PD_DATA_KEY: process.env.P3PD_DATA_KEY || randomBytes(32).toString("base64") });
    await loadAllData(prisma, silentProgress);
    await seedDemo(prisma, demo, silentProgress);
    const people = await prisma.person.count();
    const victims = await prisma.person.findMany({ where: { erasedAt: null }, select: { id: true }, orderBy: { id: "asc" }, take: runs });
    const times = new Map<string, number[]>();
    const loadBefore = loadAverage();
    for (const victim of victims) {
      await prisma.$transaction((tx) => erasePerson(tx, victim.id, `measure-erasure-vacuum ${randomUUID()}`));
      for (const statement of purgeStatements(prisma)) {
        const started = performance.now();
        await prisma.$executeRawUnsafe(statement);
        times.set(statement, [...(times.get(statement) ?? []), performance.now() - started]);
      }
    }
    const whole = victims.map((_, run) => [...times.values()].reduce((sum, samples) => sum + samples[run]!, 0));
    const lines = [
      `${engine.label}, ${people.toLocaleString("en-US")} people (${scale} demo), ${runs} erasures; load ${loadBefore} before, ${loadAverage()} after:`,
      ...[...times].map(([statement, samples]) => `  ${statement.padEnd(26)}${spread(samples)}${statement === "VACUUM FULL person" ? "  <- the table is locked for this long" : ""}`),
      `  ${"the whole purge".padEnd(26)}${spread(whole)}`,
    ];
    log(lines.join("\n"));
    return lines;
  } finally {
    await prisma.$disconnect();
  }
}

const lines: string[] = [];
const engines: (() => Promise<OpenedThrowaway>)[] = [
  ...(values["no-pglite"] ? [] : [async () => openThrowaway(await throwawayPglite("p3pd-erasure-vacuum"))]),
  ...(serverUrl ? [async () => openThrowaway(await throwawayPostgres(serverUrl, `p3pd_erasure_vacuum_${process.pid}`))] : []),
];
for (const open of engines) {
  const engine = await open();
  try {
    lines.push(...(await measure(engine)));
  } finally {
    await engine.dispose();
  }
}
const report = `What an erasure's purge of remnants costs (personal-data/erased-remnants.ts), ms per statement:\n${lines.join("\n")}\n`;
process.stdout.write(report);
if (values.out) await writeFile(values.out, report);
