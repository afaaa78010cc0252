import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { open as openFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { dataKeyBytes, dataKeyOf, type DataKey } from "./cipher.js";

/**
 * The data keys a server holds: the current one, which seals every value written, and older ones
 * kept for reading values not yet re-encrypted after a rotation.
 */
export interface Keyring {
  readonly current: DataKey;
  /** Every key, the current one first. */
  readonly keys: readonly DataKey[];
  keyOf(id: string): DataKey | undefined;
  /**
   * For a keyring read from a key file: the file's keys as they are now. `p3pd data-key rotate`
   * adds a key to the file while servers run, and a server that meets a value under a key it does
   * not hold reads the file again (see personal-fields.ts).
   */
  reload?(): Keyring;
}

export function keyringOf(current: DataKey, previous: readonly DataKey[] = [], reload?: () => Keyring): Keyring {
  const keys = [current, ...previous.filter((key) => key.id !== current.id)];
  const byId = new Map(keys.map((key) => [key.id, key]));
  return { current, keys, keyOf: (id) => byId.get(id), reload };
}

/** A data-key setting or file the server cannot use; its message says which and why, never the key. */
export class DataKeyError extends Error {
  override name = "DataKeyError";
}

/** The embedded default's key file, in the data folder beside the database it protects. */
export const keyFileOf = (dataDir: string) => path.join(dataDir, "data-keys");

/** A key as configured: 32 bytes in base64 (standard or URL-safe, padded or not). */
export function parseDataKey(text: string, where: string): DataKey {
  const trimmed = text.trim();
  const secret = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0);
  if (secret.length !== dataKeyBytes) {
    throw new DataKeyError(`${where} must be ${dataKeyBytes} random bytes in base64 (44 characters, e.g. from \`openssl rand -base64 32\`); it is not.`);
  }
  return dataKeyOf(secret);
}

function keysInList(list: string | undefined, where: string): DataKey[] {
  return (list ?? "").split(",").filter((item) => item.trim() !== "").map((item, i) => parseDataKey(item, `${where} (item ${i + 1})`));
}

const keyFileHeader = `# P3PD data keys: the first is the current one, the others are older keys kept to read values
# not yet re-encrypted. Whoever reads this file can read the personal data in this folder's database.
`;

/**
 * The keys of a key file, the current one first; a file others may read is refused, as ssh refuses
 * such a private key. Synchronous: it is a few hundred bytes, read at start and when a rotation
 * added a key, where a value cannot be read without it.
 */
function readKeyFile(file: string): DataKey[] {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DataKeyError(`The data key file ${file} may be read by others (mode ${mode.toString(8)}): make it the owner's alone (chmod 600 ${file}).`);
  }
  const lines = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
  if (lines.length === 0) throw new DataKeyError(`The data key file ${file} holds no key.`);
  return lines.map((line, i) => parseDataKey(line, `Line ${i + 1} of ${file}`));
}

/**
 * The key file of an embedded data folder, made with a new random key when there is none. It is
 * created owner-only in one step ("wx", mode 0600), so it is never readable by others, not even
 * for a moment, and of two processes racing to create it one writes and the other reads.
 */
async function keysOfDataFolder(dataDir: string): Promise<DataKey[]> {
  const file = keyFileOf(dataDir);
  const secret = randomBytes(dataKeyBytes);
  const created = await openFile(file, "wx", 0o600).then(
    async (handle) => {
      try {
        await handle.writeFile(`${keyFileHeader}${secret.toString("base64")}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return false;
      throw error;
    },
  );
  return created ? [dataKeyOf(secret)] : readKeyFile(file);
}

export interface KeyringSettings {
  env: NodeJS.ProcessEnv;
  engine: "postgresql" | "pglite";
  /** The embedded database's folder, where its key file lives; none for PostgreSQL. */
  dataDir?: string;
}

/**
 * The keyring from the configuration: `P3PD_DATA_KEY` (and `P3PD_DATA_KEYS_PREVIOUS`) when set;
 * else, on the embedded default, the data folder's key file (made on first use). A PostgreSQL
 * server without P3PD_DATA_KEY is refused: a key generated on this machine would be lost with it
 * while the data lives on elsewhere, and storing the values in plain text is what this prevents.
 */
export async function loadKeyring({ env, engine, dataDir }: KeyringSettings): Promise<Keyring> {
  const configured = env.P3PD_DATA_KEY?.trim();
  if (configured) {
    const previous = keysInList(env.P3PD_DATA_KEYS_PREVIOUS, "P3PD_DATA_KEYS_PREVIOUS");
    // A folder that had a key file before the setting keeps its values readable.
    const fromFile = engine === "pglite" && dataDir ? keysOfExistingFile(keyFileOf(dataDir)) : [];
    return keyringOf(parseDataKey(configured, "P3PD_DATA_KEY"), [...previous, ...fromFile]);
  }
  if (engine === "postgresql" || !dataDir) {
    throw new DataKeyError(
      "P3PD_DATA_KEY is not set. With DATABASE_URL the server needs the key that encrypts personal data (NIK, phone, email) " +
        "at rest: 32 random bytes in base64, e.g. `openssl rand -base64 32`, kept as safely as the database password and never lost " +
        "(without it the encrypted values cannot be read).",
    );
  }
  return keyringOfFile(keyFileOf(dataDir), await keysOfDataFolder(dataDir));
}

function keysOfExistingFile(file: string): DataKey[] {
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

function keyringOfFile(file: string, keys: DataKey[]): Keyring {
  const [current, ...previous] = keys;
  if (!current) throw new DataKeyError(`No data key in ${file}.`);
  return keyringOf(current, previous, () => keyringOfFile(file, readKeyFile(file)));
}

/**
 * Makes a new random key the current one of a data folder's key file, keeping the others for
 * reading. The new file is written owner-only beside the old one and moved over it, so a reader
 * finds the old file or the new one, whole.
 */
export async function addKeyToDataFolder(dataDir: string): Promise<Keyring> {
  const file = keyFileOf(dataDir);
  const keys = readKeyFile(file);
  const added = dataKeyOf(randomBytes(dataKeyBytes));
  const next = `${file}.${process.pid}`;
  await rm(next, { force: true });
  const handle = await openFile(next, "wx", 0o600);
  try {
    await handle.writeFile(`${keyFileHeader}${[added, ...keys].map((key) => `${key.secret.toString("base64")}\n`).join("")}`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(next, file);
  return keyringOfFile(file, [added, ...keys]);
}
