import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomFillSync, type KeyObject } from "node:crypto";

/**
 * Personal values at rest: AES-256-GCM (authenticated, so a changed byte fails to decrypt rather
 * than reading as another value), a fresh 96-bit nonce per value, stored as one text
 * `v1:<keyId>:<nonce>:<ciphertext>:<tag>` (base64url parts). The additional data binds the format
 * version, the key's id and the column, so a value copied into another column, or relabelled as
 * another key's, fails to decrypt.
 */
export interface DataKey {
  /** Derived from the key itself: the same key has the same id in every process, with nothing stored. */
  readonly id: string;
  readonly secret: Buffer;
  /**
   * The same key as Node's KeyObject, made once: given the raw Buffer, createCipheriv and
   * createDecipheriv import the key anew at every call, which was most of what sealing or opening
   * one value cost (about 5 µs of 7 on Node 22).
   */
  readonly cipherKey: KeyObject;
}

export const dataKeyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;
const version = "v1";

/** The whole envelope: no NIK, phone number or email can match it (none has ":" after "v1" and only base64url parts). */
export const envelopePattern = /^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]{22}$/;
/** The same, for SQL's `~` (POSIX regular expressions). */
export const envelopeSqlPattern = "^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]{22}$";
/**
 * The same test in SQL, for a column, cheaper: four colon-free base64url parts after "v1:", the colons at
 * the places the fixed lengths put them (11, 16, any, 22). PostgreSQL's regular expressions with
 * counted repetitions cost about three times as much per value, which a scan of millions of people
 * at every start pays.
 */
export const isEnvelopeSql = (column: string) =>
  `(${column} ~ '^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*:[A-Za-z0-9_-]+$' AND length(${column}) >= 55 ` +
  `AND substr(${column}, 15, 1) = ':' AND substr(${column}, 32, 1) = ':' AND substr(${column}, length(${column}) - 22, 1) = ':')`;

export function dataKeyOf(secret: Buffer): DataKey {
  if (secret.length !== dataKeyBytes) throw new Error(`A data key has ${dataKeyBytes} bytes, got ${secret.length}.`);
  // 64 bits of a hash of the key: enough to tell a keyring's few keys apart, nothing to learn the key from.
  const id = createHash("sha256").update("p3pd data key id\0").update(secret).digest().subarray(0, 8).toString("base64url");
  return { id, secret, cipherKey: createSecretKey(secret) };
}

/** The additional data of each key and column, made once: a bulk import seals three values a row. */
const additionalDataByLabel = new Map<string, Buffer>();
function additionalData(keyId: string, column: string): Buffer {
  const label = `p3pd:${version}:${keyId}:${column}`;
  let data = additionalDataByLabel.get(label);
  if (!data) additionalDataByLabel.set(label, (data = Buffer.from(label)));
  return data;
}

/**
 * Nonces are cut from a pool of random bytes refilled from the CSPRNG when spent, as Node does for
 * randomUUID: one call to the CSPRNG per 1,024 values rather than one per value, which was half of
 * what sealing cost in a bulk import. Each byte serves one nonce only; nonces are stored in the
 * clear beside the ciphertext anyway, so only their uniqueness matters.
 */
const noncePool = Buffer.alloc(nonceBytes * 1024);
let noncePoolOffset = noncePool.length;
function nextNonce(): Buffer {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  // A copy: the pool is overwritten when it is refilled.
  const nonce = Buffer.from(noncePool.subarray(noncePoolOffset, noncePoolOffset + nonceBytes));
  noncePoolOffset += nonceBytes;
  return nonce;
}

export function seal(key: DataKey, column: string, plaintext: string): string {
  const nonce = nextNonce();
  const cipher = createCipheriv("aes-256-gcm", key.cipherKey, nonce, { authTagLength: tagBytes });
  cipher.setAAD(additionalData(key.id, column));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [version, key.id, nonce.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

/** A stored value that does not decrypt. Its message names the column and the key, never the value. */
export class UnreadablePersonalDataError extends Error {
  override name = "UnreadablePersonalDataError";
}

/** The key id an envelope was sealed under, or null when the text is no envelope (a plain value). */
export function keyIdOf(stored: string): string | null {
  return envelopePattern.test(stored) ? (stored.split(":")[1] ?? null) : null;
}

export function open(keyOf: (id: string) => DataKey | undefined, column: string, stored: string): string {
  if (!envelopePattern.test(stored)) throw new UnreadablePersonalDataError(`A value of ${column} is not encrypted (or not in the v1 format).`);
  const [, keyId = "", nonce = "", body = "", tag = ""] = stored.split(":");
  const key = keyOf(keyId);
  if (!key) {
    throw new UnreadablePersonalDataError(
      `A value of ${column} is encrypted under data key ${keyId}, which this server does not hold: add that key to P3PD_DATA_KEYS_PREVIOUS (or to the key file).`,
    );
  }
  const decipher = createDecipheriv("aes-256-gcm", key.cipherKey, Buffer.from(nonce, "base64url"), { authTagLength: tagBytes });
  decipher.setAAD(additionalData(keyId, column));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnreadablePersonalDataError(`A value of ${column} failed authentication under data key ${keyId}: it was altered, or belongs to another column.`);
  }
}
