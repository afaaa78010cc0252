import { createHmac, hkdfSync } from "node:crypto";
import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import { open, seal } from "./cipher.js";
import type { Keyring } from "./keyring.js";

/**
 * The key of `person.nik_hash`, the keyed hash (HMAC-SHA-256) by which the database enforces that
 * a NIK is unique and finds a person by NIK without holding the NIK. NIKs are guessable (region,
 * birth date, serial), so a plain hash would be reversed by trying them all; a keyed one cannot be
 * without the key.
 *
 * It must never change: every hash would have to be recomputed, and a unique index cannot compare
 * hashes under two keys. So it is not the current data key (which rotates) but derived once, with
 * HKDF, from the data key the database first met, and stored in `personal_data_key` sealed under
 * the current data key; a rotation re-seals it and leaves it the same.
 */
export type IndexKey = Buffer;

const column = "personal_data_key.index_key";

const sealedIndexKey: SqlStatement<{ index_key: string }> = {
  text: `SELECT index_key FROM personal_data_key WHERE id = 1`,
  row: v.strictObject({ index_key: v.string() }),
};

async function storedIndexKey(prisma: PrismaClient): Promise<string | undefined> {
  const [row] = await queryRows(prisma, sealedIndexKey);
  return row?.index_key;
}

/** The database's index key, made from the current data key on the first start after the migration. */
export async function loadIndexKey(prisma: PrismaClient, keyring: Keyring): Promise<IndexKey> {
  let stored = await storedIndexKey(prisma);
  if (stored === undefined) {
    const derived = Buffer.from(hkdfSync("sha256", keyring.current.secret, Buffer.alloc(0), "p3pd nik_hash index key v1", 32));
    // Of two processes starting at once, one inserts and both read back the same key.
    await prisma.$executeRaw`INSERT INTO personal_data_key (id, index_key) VALUES (1, ${seal(keyring.current, column, derived.toString("base64"))}) ON CONFLICT (id) DO NOTHING`;
    stored = await storedIndexKey(prisma);
    if (stored === undefined) throw new Error("The index key was stored but cannot be read back.");
  }
  return Buffer.from(open(keyring.keyOf, column, stored), "base64");
}

/** Re-seals the index key under the keyring's current key (after a rotation); the key itself stays. */
export async function resealIndexKey(prisma: PrismaClient, keyring: Keyring, indexKey: IndexKey): Promise<void> {
  await prisma.$executeRaw`UPDATE personal_data_key SET index_key = ${seal(keyring.current, column, indexKey.toString("base64"))} WHERE id = 1`;
}

/** The NIK's keyed hash, as `person.nik_hash` holds it (64 hex digits). */
export function nikHashUnder(indexKey: IndexKey, nik: string): string {
  return createHmac("sha256", indexKey).update(nik).digest("hex");
}
