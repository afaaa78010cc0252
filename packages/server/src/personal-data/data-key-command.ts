import type { Database } from "../db/database.js";
import { DataKeyUsageError } from "../command-line.js";
import { applyPendingMigrations } from "../db/migrations.js";
import { createPrismaClient } from "../db/prisma.js";
import { addKeyToDataFolder } from "./keyring.js";
import { personalDataKeys } from "./personal-fields.js";
import { preparePersonalData } from "./prepare.js";
import { reencryptPeople, rotationUnfinished } from "./rotate.js";

const defaultBatchSize = 1_000;

function batchSizeOf(text: string | undefined): number {
  if (text === undefined) return defaultBatchSize;
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 1 || size > 100_000) throw new DataKeyUsageError(`--batch-size must be a whole number from 1 to 100000, got "${text}".`);
  return size;
}

/**
 * `p3pd data-key rotate`. With P3PD_DATA_KEY, the new key is the operator's: they set it (the old
 * one moved to P3PD_DATA_KEYS_PREVIOUS) on every server first, so that all of them read what this
 * writes, then run this. On the embedded default's key file, this adds the new key itself, unless
 * a rotation is unfinished (then it finishes that one): the running server reads the file again
 * when it meets a value under a key it lacks.
 */
export async function rotateDataKey(database: Database, env: NodeJS.ProcessEnv, values: { "batch-size"?: string }, log: (message: string) => void): Promise<void> {
  const batchSize = batchSizeOf(values["batch-size"]);
  await applyPendingMigrations(database);
  const prisma = createPrismaClient(database);
  try {
    await preparePersonalData(prisma, database, env);
    const fromFile = !env.P3PD_DATA_KEY?.trim();
    if (fromFile && database.dataDir && !(await rotationUnfinished(prisma))) {
      const keyring = await addKeyToDataFolder(database.dataDir);
      log(`Added data key ${keyring.current.id} to ${database.dataDir}/data-keys; the older keys stay there for reading.`);
      await preparePersonalData(prisma, database, env);
    }
    const current = personalDataKeys().keyring.current.id;
    log(`Re-encrypting personal data under data key ${current}, ${batchSize} people per batch.`);
    const result = await reencryptPeople(prisma, batchSize, (done) => log(`Re-encrypted ${done} people so far.`));
    if (!fromFile && result.reencrypted === 0 && result.remaining === 0) {
      log(
        `Nothing to re-encrypt: every value is under data key ${current}. To rotate, set P3PD_DATA_KEY to a new key (openssl rand -base64 32) ` +
          "and add the old one to P3PD_DATA_KEYS_PREVIOUS on every server, restart them, then run this again.",
      );
      return;
    }
    log(
      result.remaining === 0
        ? `Done: ${result.reencrypted} people re-encrypted; every value is under data key ${current}. Older keys can go once every server runs with ${current}.`
        : `${result.reencrypted} people re-encrypted; ${result.remaining} values were written under an older key meanwhile: run this again once every server runs with data key ${current}.`,
    );
  } finally {
    await prisma.$disconnect();
  }
}
