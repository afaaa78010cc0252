import { ValidationError } from "../cascade/write-errors.js";
import type { Database } from "../db/database.js";
import { applyPendingMigrations } from "../db/migrations.js";
import { createPrismaClient } from "../db/prisma.js";
import { loadAllData } from "../import/load-data.js";
import { terminalProgress } from "../progress.js";
import { preparePersonalData } from "../personal-data/prepare.js";
import type { DemoCounts } from "./counts.js";
import { seedDemo, type DemoOptions, type DemoResult } from "./index.js";
import { multiplyRange } from "./multiply.js";
import { demoScales, type DemoScale } from "./plan.js";

const maxSeed = 2 ** 31 - 1;
const isScale = (value: string): value is DemoScale => (demoScales as readonly string[]).includes(value);

/** Checks the command line: `--scale program|national` (default program), `--seed <n>` (default 1), `--multiply <n>` (default 1). */
export function demoOptionsOf(values: { scale?: string; seed?: string; multiply?: string; replace?: boolean }): DemoOptions {
  const scale = values.scale ?? "program";
  if (!isScale(scale)) throw new ValidationError("scale", `--scale must be ${demoScales.join(" or ")}, got "${scale}".`);
  const seedText = values.seed ?? "1";
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || seed > maxSeed) {
    throw new ValidationError("seed", `--seed must be a whole number from 0 to ${maxSeed}, got "${seedText}".`);
  }
  const multiplyText = values.multiply ?? "1";
  const multiply = Number(multiplyText);
  if (!/^\d+$/.test(multiplyText) || multiply < multiplyRange.min || multiply > multiplyRange.max) {
    throw new ValidationError("multiply", `--multiply must be a whole number from ${multiplyRange.min} to ${multiplyRange.max}, got "${multiplyText}".`);
  }
  return { scale, seed, multiply, replace: values.replace ?? false };
}

const number = (n: number) => n.toLocaleString("en-US");

function describeCounts(counts: DemoCounts): string {
  return [
    `  trainings          ${number(counts.provincialTots)} provincial ToTs, ${number(counts.kecamatanTrainings)} kecamatan trainings, ${number(counts.villageSessions)} village sessions`,
    `  people             ${number(counts.people)}`,
    `  enrollments        ${number(counts.enrollments)}`,
    `  certified trainers ${number(counts.certifiedTrainers)}`,
    `  villages reached   ${number(counts.villagesReached)}`,
  ].join("\n");
}

function describeResult(result: DemoResult): string {
  const seconds = `${(result.elapsedMs / 1000).toFixed(1)} s`;
  const head = result.loaded ? `Demo dataset ${result.version} loaded in ${seconds}:` : `Demo dataset ${result.version} was already loaded; nothing changed (${seconds}):`;
  return `${head}\n${describeCounts(result.counts)}`;
}

/** `p3pd seed-demo`: works on an empty data folder, as it first migrates and loads the tree, like serve. */
export async function runSeedDemo(database: Database, options: DemoOptions, log: (message: string) => void): Promise<void> {
  const applied = await applyPendingMigrations(database);
  if (applied.length > 0) log(`Applied migrations: ${applied.join(", ")}`);
  const prisma = createPrismaClient(database);
  try {
    const progress = terminalProgress();
    await preparePersonalData(prisma, database);
    await loadAllData(prisma, progress);
    log(describeResult(await seedDemo(prisma, options, progress)));
  } finally {
    await prisma.$disconnect();
  }
}
