import type { PrismaClient } from "../db/prisma.js";
import { resealIndexKey } from "./index-key.js";
import { openPersonal, personalDataKeys, sealPersonal, type PersonalColumn } from "./personal-fields.js";

interface StoredRow {
  id: string;
  nik: string | null;
  phone: string | null;
  email: string | null;
}

export interface RotationResult {
  /** People whose values this run re-encrypted. */
  reencrypted: number;
  /** Values still under an older key at the end: written meanwhile by a process that had not yet met the new key. */
  remaining: number;
}

/** The start every value sealed under `keyId` has (`v1:<id>:`): compared with `left()`, since `_` in an id would be a LIKE wildcard. */
const prefixOf = (keyId: string) => `v1:${keyId}:`;

async function valuesNotUnder(prisma: PrismaClient, prefix: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM person
     WHERE left(nik, 15) <> ${prefix} OR left(phone, 15) <> ${prefix} OR left(email, 15) <> ${prefix}`;
  return row?.count ?? 0;
}

/** Whether any personal value is sealed under another key than the current one (a rotation to finish). */
export async function rotationUnfinished(prisma: PrismaClient): Promise<boolean> {
  return (await valuesNotUnder(prisma, prefixOf(personalDataKeys().keyring.current.id))) > 0;
}

/**
 * Re-encrypts every personal value under the current data key (the installed keys: see
 * preparePersonalData), `batchSize` people per statement. Each batch is one UPDATE, committed on
 * its own, so a run stopped at any point has lost at most the batch in flight: a value is under
 * the old key or the new one, readable either way, and the next run does what is left. A row
 * written by someone else between the read and the update is left as they wrote it (the update
 * matches the values it read); a later run re-encrypts it if it is still under an old key.
 */
export async function reencryptPeople(prisma: PrismaClient, batchSize: number, onBatch: (done: number) => void = () => {}): Promise<RotationResult> {
  const { keyring, indexKey } = personalDataKeys();
  const prefix = prefixOf(keyring.current.id);
  // The index key stays the same; only the key it is sealed under changes.
  await resealIndexKey(prisma, keyring, indexKey);
  const underCurrent = (value: string | null) => value === null || value.startsWith(prefix);
  const resealed = (column: PersonalColumn, value: string | null) => (underCurrent(value) ? value : sealPersonal(column, openPersonal(column, value) ?? ""));
  let reencrypted = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRaw<StoredRow[]>`
      SELECT id::text AS id, nik, phone, email FROM person
       WHERE id > ${after}::uuid AND (left(nik, 15) <> ${prefix} OR left(phone, 15) <> ${prefix} OR left(email, 15) <> ${prefix})
       ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) break;
    const next = rows.map((row) => ({ id: row.id, nik: resealed("nik", row.nik), phone: resealed("phone", row.phone), email: resealed("email", row.email) }));
    await prisma.$executeRaw`
      UPDATE person SET nik = v.nik, phone = v.phone, email = v.email
        FROM unnest(${rows.map((row) => row.id)}::uuid[],
                    ${rows.map((row) => row.nik)}::text[], ${rows.map((row) => row.phone)}::text[], ${rows.map((row) => row.email)}::text[],
                    ${next.map((row) => row.nik)}::text[], ${next.map((row) => row.phone)}::text[], ${next.map((row) => row.email)}::text[])
             AS v(id, old_nik, old_phone, old_email, nik, phone, email)
       WHERE person.id = v.id
         AND person.nik IS NOT DISTINCT FROM v.old_nik AND person.phone IS NOT DISTINCT FROM v.old_phone AND person.email IS NOT DISTINCT FROM v.old_email`;
    reencrypted += rows.length;
    after = rows[rows.length - 1]!.id;
    onBatch(reencrypted);
  }
  return { reencrypted, remaining: await valuesNotUnder(prisma, prefix) };
}
