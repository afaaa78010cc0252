import * as v from "valibot";
import { ConflictError } from "../cascade/write-errors.js";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import type { Progress } from "../progress.js";
import { countDemo, type DemoCounts } from "./counts.js";
import type { SqlClient } from "../import/bulk-write.js";
import { loadPlan } from "./load.js";
import { multiplyDemo } from "./multiply.js";
import { openPersonal } from "../personal-data/personal-fields.js";
import { planDemo, type DemoScale } from "./plan.js";
import { demoDatasetName, presentDemoVersion } from "./record.js";
import { removeDemo } from "./remove.js";
import { readDemoTree } from "./tree.js";

export interface DemoOptions {
  scale: DemoScale;
  seed: number;
  /** The cascade this many times over (default 1, the demo itself; see multiply.ts). */
  multiply?: number;
  /** Replace a different demo already in the database (otherwise that is refused). */
  replace: boolean;
}

export interface DemoResult {
  /** "<scale>-<seed>", then "-x<multiply>" when multiplied. */
  version: string;
  /** False when the database already held this demo and nothing was written. */
  loaded: boolean;
  counts: DemoCounts;
  elapsedMs: number;
}

/** A different demo is in the database and `replace` was not asked for; nothing was written. */
export class DemoConflictError extends ConflictError {
  override name = "DemoConflictError";
  constructor(message: string) {
    super(null, message);
  }
}

const demoVersion = ({ scale, seed, multiply = 1 }: Pick<DemoOptions, "scale" | "seed" | "multiply">) =>
  `${scale}-${seed}${multiply > 1 ? `-x${multiply}` : ""}`;

// Generous: a national demo on a slow disk takes well under a minute, ×30 (2 million enrolments)
// about a quarter of an hour on 2 busy cores; a transaction that times out is rolled back whole.
const transactionOptions = { maxWait: 60_000, timeout: 3 * 60 * 60_000 };

const sealedNiks: SqlStatement<{ nik: string }> = { text: `SELECT nik FROM person WHERE nik IS NOT NULL`, row: v.strictObject({ nik: v.string() }) };

async function niksInUse(sql: SqlClient): Promise<string[]> {
  const rows = await queryRows(sql, sealedNiks);
  return rows.map((row) => openPersonal("nik", row.nik) ?? "");
}

/**
 * Loads the deterministic demo dataset (see plan.ts) unless the database already holds it.
 * Removing a replaced demo, loading the new one and recording it happen in one transaction, so
 * an interrupted run leaves the database as it was.
 */
export async function seedDemo(prisma: PrismaClient, options: DemoOptions, progress: Progress): Promise<DemoResult> {
  const started = performance.now();
  const version = demoVersion(options);
  const present = await presentDemoVersion(prisma);
  if (present !== null && present !== version && !options.replace) {
    throw new DemoConflictError(
      `The database holds another demo dataset (${present}); nothing was changed. Pass --replace to delete it and load ${version}.`,
    );
  }
  if (present !== version) {
    const tree = await readDemoTree(prisma);
    await prisma.$transaction(async (tx) => {
      if (present !== null) await removeDemo(tx);
      // Read after the removal: the replaced demo's NIKs are free again, real people's are not.
      const takenNiks = await niksInUse(tx);
      const plan = planDemo(tree, { ...options, takenNiks });
      const rowCount =
        (await loadPlan(tx, plan, progress)) + (await multiplyDemo(tx, plan, { times: options.multiply ?? 1, seed: options.seed, takenNiks }, progress));
      await tx.datasetImport.create({ data: { name: demoDatasetName, version, rowCount } });
    }, transactionOptions);
  }
  return { version, loaded: present !== version, counts: await countDemo(prisma), elapsedMs: performance.now() - started };
}
