import type { Database } from "../db/database.js";
import type { PrismaClient } from "../db/prisma.js";
import { encryptPlaintextPeople } from "./encrypt-plaintext.js";
import { loadIndexKey } from "./index-key.js";
import { loadKeyring } from "./keyring.js";
import { installPersonalDataKeys, type PersonalDataKeys } from "./personal-fields.js";

/**
 * Loads this process's data keys (configuration or the data folder's key file) and the database's
 * index key, installs them for every read and write of a person, then encrypts what the database
 * still holds in plain text. Runs after the migrations, before anything is served or written.
 */
export async function preparePersonalData(
  prisma: PrismaClient,
  database: Pick<Database, "engine" | "dataDir">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PersonalDataKeys & { encrypted: number }> {
  const keyring = await loadKeyring({ env, engine: database.engine, dataDir: database.dataDir });
  const keys = { keyring, indexKey: await loadIndexKey(prisma, keyring) };
  installPersonalDataKeys(keys);
  return { ...keys, encrypted: await encryptPlaintextPeople(prisma) };
}
